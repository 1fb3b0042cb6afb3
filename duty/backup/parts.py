"""The databases a backup contains, and the file each one is written to."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from duty.backup import BackupError
from duty.backup.postgres import PostgresStore
from duty.backup.sqlite import SqliteStore
from duty.extensions import db
from duty.sandbox.binding import POSTGRES_SCHEMA, PRACTICE_BIND, practice_file_beside


@dataclass
class Part:
    """One database of the app and the backup file that contains it."""

    store: SqliteStore | PostgresStore
    file: Path
    holds_live: bool


def parts_for(file: Path) -> list[Part]:
    """Return the app's databases, each with its backup file: FILE, then its -practice sibling."""
    live_engine = db.engines[None]
    practice_engine = db.engines[PRACTICE_BIND]
    if _same_postgres_database(live_engine.url, practice_engine.url):
        store = PostgresStore(
            "live database", live_engine, extra_schemas=(POSTGRES_SCHEMA,)
        )
        return [Part(store, file, holds_live=True)]
    return [
        Part(_store("live database", live_engine), file, holds_live=True),
        Part(
            _store("practice database", practice_engine),
            practice_file_beside(file),
            holds_live=False,
        ),
    ]


def _store(label: str, engine):
    backend = engine.url.get_backend_name()
    if backend == "sqlite":
        return SqliteStore(label, engine.url.database)
    if backend == "postgresql":
        return PostgresStore(label, engine)
    raise BackupError(
        f"The {label} is a {backend} database; backup and restore support "
        "SQLite and PostgreSQL only."
    )


def _same_postgres_database(live: URL, practice: URL) -> bool:
    if live.get_backend_name() != "postgresql":
        return False
    if practice.get_backend_name() != "postgresql":
        return False
    return live.set(drivername="postgresql") == practice.set(drivername="postgresql")
