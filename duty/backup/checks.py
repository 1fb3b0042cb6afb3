"""Checks on backup files, shared by the SQLite and PostgreSQL stores."""

from dataclasses import dataclass
from pathlib import Path

from duty.backup import BackupError
from duty.backup.revisions import check_known
from duty.extensions import db
from duty.sandbox.binding import PRACTICE_BIND

SQLITE_HEADER = b"SQLite format 3\x00"
PG_ARCHIVE_HEADER = b"PGDMP"


@dataclass
class Staged:
    """A backup file checked and ready to restore, and what it contains."""

    source: Path
    # The file the restore reads: a checked temporary copy of a SQLite
    # backup, or the pg_dump archive itself.
    path: Path
    revision: str | None
    # (schema, table) pairs; SQLite tables are all in schema "main".
    tables: set[tuple[str, str]]
    # `pg_restore --list` output of an archive; empty for SQLite.
    listing: str = ""

    def discard(self) -> None:
        """Delete the temporary copy, if the restore made one."""
        if self.path != self.source:
            self.path.unlink(missing_ok=True)


def app_table_names() -> set[str]:
    """Return the names of every table the app creates, live and practice."""
    names = set(db.metadatas[None].tables) | set(db.metadatas[PRACTICE_BIND].tables)
    return names | {"alembic_version"}


def check_header(backup_file: Path, expected: bytes, label: str) -> None:
    """Raise BackupError unless the file exists and starts as a backup for this database."""
    if not backup_file.exists():
        raise BackupError(f"Backup file {backup_file} was not found.")
    if not backup_file.is_file():
        raise BackupError(f"{backup_file} is a folder, not a backup file.")
    with backup_file.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header.startswith(expected):
        return
    if header.startswith(SQLITE_HEADER):
        raise BackupError(
            f"{backup_file} is a SQLite database, but the {label} is on "
            "PostgreSQL. Restore it with DATABASE_URL set to the SQLite file."
        )
    if header.startswith(PG_ARCHIVE_HEADER):
        raise BackupError(
            f"{backup_file} is a PostgreSQL archive, but the {label} is a SQLite "
            "file. Restore it with DATABASE_URL set to the PostgreSQL database."
        )
    kind = "SQLite database" if expected == SQLITE_HEADER else "pg_dump archive"
    raise BackupError(
        f"{backup_file} is not a backup made by `flask --app app backup`: "
        f"it is not a {kind}."
    )


def check_contents(
    backup_file: Path, tables: set[str], revision: str | None, holds_live: bool
) -> None:
    """Raise BackupError unless the backup's tables are those of this app's database."""
    if holds_live:
        if "alembic_version" not in tables:
            raise BackupError(
                f"{backup_file} is not a backup of this app: it has no "
                "alembic_version table recording its schema revision."
            )
        check_known(revision, backup_file)
        return
    if "alembic_version" in tables:
        raise BackupError(
            f"{backup_file} is a backup of a live database, not of the practice "
            "database. The live backup is the file named on the command line."
        )
    foreign = sorted(tables - app_table_names())
    if foreign:
        raise BackupError(
            f"{backup_file} is not a practice database of this app: it has "
            f"tables the app does not define ({', '.join(foreign[:5])})."
        )


def describe_rows(row_counts: dict[str, int]) -> str | None:
    """Return "contains N rows in M tables", or None when every table is empty."""
    rows = sum(row_counts.values())
    if not rows:
        return None
    tables = sum(1 for count in row_counts.values() if count)
    return f"contains {_count(rows, 'row')} in {_count(tables, 'table')}"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
