"""Backup and restore of a PostgreSQL database with pg_dump and pg_restore.

The tools get the connection URL without its password, which travels in
PGPASSWORD, and every message shows the URL with the password masked.
"""

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from duty.backup import BackupError
from duty.backup.checks import (
    PG_ARCHIVE_HEADER,
    Staged,
    app_table_names,
    check_contents,
    check_header,
    describe_rows,
)

# pg_dump and pg_restore give up after waiting this long for a lock that
# another session holds, such as a running app's open transaction.
LOCK_WAIT_SECONDS = 30.0
# How often a restore checks whether pg_restore is waiting for a lock. The
# archive sets lock_timeout to 0, so pg_restore itself would wait without end.
LOCK_POLL_SECONDS = 0.5

# Entries of `pg_restore --list`: "215; 1259 16388 TABLE public users postgres".
TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ")
TOC_SCHEMA = re.compile(r"^\d+; \d+ \d+ SCHEMA - (\S+) ")


class PostgresStore:
    """A PostgreSQL database of the app, with the schemas the app keeps in it."""

    def __init__(self, label: str, engine: Engine, extra_schemas: tuple[str, ...] = ()):
        self.label = label
        self.engine = engine
        self.extra_schemas = extra_schemas
        url = engine.url.set(drivername="postgresql")
        self._password = url.password or url.query.get("password")
        bare = url.set(password=None).difference_update_query(["password"])
        self._conninfo = bare.render_as_string(hide_password=False)
        self._masked_url = url.render_as_string(hide_password=True)

    def describe(self) -> str:
        schemas = "".join(
            f", including the {name} schema" for name in self.extra_schemas
        )
        return f"{self.label} ({self._masked_url}{schemas})"

    def exists(self) -> bool:
        return True

    def write_backup(self, destination: Path) -> None:
        """Write a pg_dump custom-format archive of the whole database to destination."""
        self._run(
            "pg_dump",
            [
                "--format=custom",
                "--no-password",
                f"--lock-wait-timeout={int(LOCK_WAIT_SECONDS * 1000)}",
                f"--file={destination}",
                f"--dbname={self._conninfo}",
            ],
            f"backing up the {self.describe()}",
        )

    def stage(self, backup_file: Path, holds_live: bool) -> Staged:
        """Check that the archive is a backup of this database, without writing anything."""
        check_header(backup_file, PG_ARCHIVE_HEADER, self.label)
        listing = self._run(
            "pg_restore", ["--list", str(backup_file)], f"reading {backup_file}"
        )
        tables = set()
        for line in listing.splitlines():
            match = TOC_TABLE.match(line)
            if match:
                tables.add((match.group(1), match.group(2)))
        revision = None
        version_schemas = sorted(s for s, name in tables if name == "alembic_version")
        if version_schemas:
            revision = self._archived_revision(backup_file, version_schemas[0])
        check_contents(backup_file, {name for _, name in tables}, revision, holds_live)
        return Staged(
            source=backup_file,
            path=backup_file,
            revision=revision,
            tables=tables,
            listing=listing,
        )

    def _archived_revision(self, backup_file: Path, schema: str) -> str | None:
        """Return the first row of alembic_version in the archive, read without a database."""
        script = self._run(
            "pg_restore",
            [
                "--data-only",
                f"--schema={schema}",
                "--table=alembic_version",
                "--file=-",
                str(backup_file),
            ],
            f"reading {backup_file}",
        )
        rows = iter(script.splitlines())
        for line in rows:
            if line.startswith("COPY "):
                value = next(rows, "\\.")
                return None if value == "\\." else value
        return None

    def occupancy(self) -> str | None:
        """Return what the app's schemas contain, or None when every table is empty."""
        counts = {}
        with self._connect() as connection:
            for schema in self._schemas(connection):
                for name in inspect(connection).get_table_names(schema=schema):
                    if name == "alembic_version":
                        continue
                    table = self._qualified(connection, schema, name)
                    count = connection.execute(text(f"SELECT count(*) FROM {table}"))
                    counts[f"{schema}.{name}"] = count.scalar_one()
        return describe_rows(counts)

    def restore(self, staged: Staged) -> list[str]:
        """Replace the archive's objects in one transaction; return notes for the user.

        pg_restore --clean drops only objects that are in the archive. The
        archive's schemas are left out of its list, because dropping a schema
        fails while it contains tables newer than the backup. Those tables are
        dropped afterwards instead, so the database ends as at backup time.
        """
        with self._connect() as connection:
            schemas = self._schemas(connection)
            archived_schemas = {schema for schema, _ in staged.tables}
            self._create_missing_schemas(connection, archived_schemas | set(schemas))
            connection.commit()
        with tempfile.TemporaryDirectory() as folder:
            use_list = Path(folder) / "restore.list"
            lines = [
                line
                for line in staged.listing.splitlines()
                if not TOC_SCHEMA.match(line)
            ]
            use_list.write_text("\n".join(lines) + "\n")
            self._run(
                "pg_restore",
                [
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--no-password",
                    f"--use-list={use_list}",
                    f"--dbname={self._conninfo}",
                    str(staged.path),
                ],
                f"restoring the {self.describe()} from {staged.source}",
                watch_locks=True,
            )
        dropped = self._drop_tables_not_in(staged.tables, schemas)
        if not dropped:
            return []
        return [
            "Dropped tables that were not in the backup: " + ", ".join(dropped) + "."
        ]

    def _drop_tables_not_in(
        self, archived: set[tuple[str, str]], schemas: list[str]
    ) -> list[str]:
        """Drop the app's tables that the archive does not contain; return their names."""
        known = app_table_names()
        dropped = []
        with self._connect() as connection:
            for schema in schemas:
                for name in inspect(connection).get_table_names(schema=schema):
                    if name in known and (schema, name) not in archived:
                        table = self._qualified(connection, schema, name)
                        connection.execute(
                            text(f"DROP TABLE IF EXISTS {table} CASCADE")
                        )
                        dropped.append(f"{schema}.{name}")
            connection.commit()
        return sorted(dropped)

    def revision(self) -> str | None:
        """Return the schema revision stored in the database, or None."""
        with self._connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar()

    def _schemas(self, connection: Connection) -> list[str]:
        """Return the schema the app's tables are in, then the extra schemas."""
        # current_schema() is NULL when no schema on the search path exists
        # yet, as in a new database whose public schema was dropped.
        current = connection.execute(text("SELECT current_schema()")).scalar()
        return [current or "public", *self.extra_schemas]

    def _create_missing_schemas(
        self, connection: Connection, schemas: set[str]
    ) -> None:
        existing = set(inspect(connection).get_schema_names())
        preparer = connection.dialect.identifier_preparer
        for schema in sorted(schemas - existing):
            connection.execute(text(f"CREATE SCHEMA {preparer.quote_schema(schema)}"))

    @staticmethod
    def _qualified(connection: Connection, schema: str, name: str) -> str:
        preparer = connection.dialect.identifier_preparer
        return f"{preparer.quote_schema(schema)}.{preparer.quote(name)}"

    def _connect(self) -> Connection:
        try:
            return self.engine.connect()
        except OperationalError as error:
            reason = self._without_password(str(error.orig).strip().splitlines()[0])
            raise BackupError(
                f"Could not connect to the {self.describe()}: {reason}"
            ) from error

    def _run(
        self, program: str, arguments: list[str], doing: str, watch_locks=False
    ) -> str:
        """Run a PostgreSQL client tool and return its output; raise BackupError if it fails.

        With watch_locks, a tool that waits longer than LOCK_WAIT_SECONDS for
        a lock has its statement cancelled.
        """
        executable = shutil.which(program)
        if executable is None:
            raise BackupError(
                f"{program} was not found on PATH; it is needed for {doing}. "
                "Install the PostgreSQL client tools of the server's major version "
                "or newer (Debian package postgresql-client)."
            )
        env = dict(os.environ)
        if self._password:
            env["PGPASSWORD"] = self._password
        env["PGAPPNAME"] = f"duty-{program}-{secrets.token_hex(6)}"
        process = subprocess.Popen(
            [executable, *arguments],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            if watch_locks:
                stdout, stderr, cancelled = self._wait_cancelling_lock_waits(
                    process, env["PGAPPNAME"]
                )
            else:
                stdout, stderr = process.communicate()
                cancelled = False
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode != 0:
            message = (
                f"{program} failed with exit status {process.returncode} while "
                f"{doing}.\n{self._stderr_without_password(stderr)}".rstrip()
            )
            if cancelled:
                message += (
                    f"\n{program} waited more than {LOCK_WAIT_SECONDS:g} seconds for "
                    "a lock that another session holds, so it was cancelled and "
                    "nothing was changed. Stop the app and run the restore again."
                )
            raise BackupError(message)
        return stdout

    def _wait_cancelling_lock_waits(
        self, process: subprocess.Popen, application_name: str
    ) -> tuple[str, str, bool]:
        """Wait for the tool to exit, cancelling its statement after a long lock wait.

        Return its output, error output, and whether it was cancelled.
        """
        waiting_since = None
        cancelled = False
        with self._connect() as monitor:
            # Autocommit, so that each poll reads pg_stat_activity afresh.
            monitor.execution_options(isolation_level="AUTOCOMMIT")
            while True:
                try:
                    stdout, stderr = process.communicate(timeout=LOCK_POLL_SECONDS)
                    return stdout, stderr, cancelled
                except subprocess.TimeoutExpired:
                    pass
                if cancelled:
                    continue
                waiting = monitor.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity "
                        "WHERE application_name = :name AND wait_event_type = 'Lock'"
                    ),
                    {"name": application_name},
                ).scalars()
                pids = list(waiting)
                if not pids:
                    waiting_since = None
                    continue
                waiting_since = waiting_since or time.monotonic()
                if time.monotonic() - waiting_since > LOCK_WAIT_SECONDS:
                    for pid in pids:
                        monitor.execute(
                            text("SELECT pg_cancel_backend(:pid)"), {"pid": pid}
                        )
                    cancelled = True

    def _stderr_without_password(self, stderr: str) -> str:
        """Return a tool's error output, leaving out every line that contains the password."""
        lines = []
        hidden = 0
        for line in stderr.splitlines():
            if self._password and self._password in line:
                hidden += 1
            else:
                lines.append(f"  {line}")
        if hidden:
            lines.append(
                f"  ({hidden} lines left out because they contain the password)"
            )
        return "\n".join(lines)

    def _without_password(self, message: str) -> str:
        if self._password:
            return message.replace(self._password, "***")
        return message
