"""Backup and restore of a SQLite database through SQLite's online backup API.

The backup API copies pages under SQLite's own locks, so a backup taken while
the app writes in WAL mode is a consistent snapshot, and a restore replaces
the pages of the open database in one write transaction.
"""

import os
import sqlite3
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from duty.backup import BackupError
from duty.backup.checks import (
    SQLITE_HEADER,
    Staged,
    check_contents,
    check_header,
    describe_rows,
)

# The app sets the same busy_timeout (5 seconds) on its own connections.
BUSY_TIMEOUT_SECONDS = 5.0
# Python's Connection.backup retries a locked database without end, so a
# copy gives up after waiting this long in all for another connection's lock.
LOCK_WAIT_SECONDS = 30.0


class SqliteStore:
    """A SQLite database file of the app."""

    def __init__(self, label: str, database: str | None):
        if not database or database == ":memory:":
            raise BackupError(
                f"The {label} is an in-memory SQLite database, which has no file "
                "to back up or restore."
            )
        self.label = label
        self.path = Path(database)

    def describe(self) -> str:
        return f"{self.label} (SQLite file {self.path})"

    def exists(self) -> bool:
        return self.path.is_file()

    def write_backup(self, destination: Path) -> None:
        """Copy the database into the empty file at destination."""
        if not self.path.is_file():
            raise BackupError(
                f"The {self.label} file {self.path} was not found. Check "
                "DATABASE_URL, or run `flask --app app db upgrade` to create it."
            )
        try:
            with (
                closing(_open(self.path, "rw")) as source,
                closing(sqlite3.connect(destination)) as target,
            ):
                # A single step (pages=-1) copies one read snapshot, and in WAL
                # mode the app's writers carry on meanwhile.
                source.backup(target, progress=_lock_wait_limit())
                # The copy keeps the source's WAL mode; rollback-journal mode
                # makes it one self-contained file.
                target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as error:
            raise BackupError(
                f"Could not back up the {self.describe()}: {error}."
            ) from error

    def stage(self, backup_file: Path, holds_live: bool) -> Staged:
        """Copy a backup into a temporary file beside the database, and check the copy.

        The checks run on the copy that the restore will use, and nothing is
        written to the database itself.
        """
        check_header(backup_file, SQLITE_HEADER, self.label)
        folder = self.path.parent
        if not folder.is_dir():
            raise BackupError(
                f"The folder {folder} of the {self.label} does not exist. "
                "Create it, or check DATABASE_URL."
            )
        handle, name = tempfile.mkstemp(
            prefix=f".{self.path.name}.restore-", dir=folder
        )
        os.close(handle)
        staged_path = Path(name)
        try:
            with (
                closing(_open(backup_file, "ro")) as source,
                closing(sqlite3.connect(staged_path)) as copy,
            ):
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
                problem = copy.execute("PRAGMA quick_check").fetchone()[0]
                tables = _table_names(copy)
                revision = _revision(copy) if "alembic_version" in tables else None
        except sqlite3.DatabaseError as error:
            staged_path.unlink(missing_ok=True)
            raise BackupError(f"{backup_file} could not be read: {error}.") from error
        staged = Staged(
            source=backup_file,
            path=staged_path,
            revision=revision,
            tables={("main", name) for name in tables},
        )
        try:
            if problem != "ok":
                raise BackupError(f"{backup_file} is damaged: {problem}.")
            check_contents(backup_file, tables, revision, holds_live)
        except BackupError:
            staged.discard()
            raise
        return staged

    def occupancy(self) -> str | None:
        """Return what the database contains, or None when it is missing or empty."""
        if not self.path.exists():
            return None
        try:
            with closing(_open(self.path, "ro")) as connection:
                counts = {
                    name: connection.execute(
                        f"SELECT count(*) FROM {_quote(name)}"
                    ).fetchone()[0]
                    for name in _table_names(connection) - {"alembic_version"}
                }
        except sqlite3.DatabaseError as error:
            return f"cannot be read ({error}), so it may contain data"
        return describe_rows(counts)

    def restore(self, staged: Staged) -> list[str]:
        """Replace the database's contents with the staged copy; return notes for the user."""
        try:
            with (
                closing(sqlite3.connect(staged.path)) as source,
                closing(
                    sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
                ) as target,
            ):
                source.backup(target, progress=_lock_wait_limit())
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
                return [self._replace_unreadable_file(staged)]
            raise BackupError(
                f"Could not restore the {self.describe()}: {error}. If the app is "
                "running, stop it and run the restore again."
            ) from error
        return []

    def _replace_unreadable_file(self, staged: Staged) -> str:
        """Move an unreadable database file aside and put the staged copy in its place.

        The backup API cannot write into a file that is not a SQLite database.
        The old file and its -wal and -shm files are kept under a new name.
        """
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        moved_to = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        os.replace(self.path, moved_to)
        for suffix in ("-wal", "-shm"):
            sidecar = Path(f"{self.path}{suffix}")
            if sidecar.exists():
                os.replace(sidecar, Path(f"{moved_to}{suffix}"))
        os.replace(staged.path, self.path)
        return (
            f"The {self.label} file could not be read as a SQLite database, so it "
            f"was moved to {moved_to} and the backup put in its place."
        )

    def revision(self) -> str | None:
        """Return the schema revision stored in the database, or None."""
        if not self.path.is_file():
            return None
        with closing(_open(self.path, "ro")) as connection:
            if "alembic_version" not in _table_names(connection):
                return None
            return _revision(connection)


def _lock_wait_limit():
    """Return a backup progress callback that raises once locks have been waited on too long."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS

    def check(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError(
                    f"database is locked (waited {LOCK_WAIT_SECONDS:g} seconds)"
                )

    return check


def _open(path: Path, mode: str) -> sqlite3.Connection:
    """Open an existing file ("ro" or "rw"); unlike sqlite3.connect(path), never create one."""
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)


def _table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {name for (name,) in rows}


def _revision(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
