"""The backup and restore commands, run through the CLI on the test database.

Every test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is
set. Tests marked sqlite_only check the SQLite files themselves.
"""

import os
import shutil
import socket
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from duty import create_app
from duty.audit import AuditEvent
from duty.auth.models import Role, User
from duty.backup import postgres, revisions
from duty.backup import sqlite as sqlite_store
from duty.calls.models import Call, CallStep
from duty.cases.models import Case
from duty.extensions import db
from duty.sandbox import world as practice_world
from duty.sandbox.binding import PRACTICE_BIND
from duty.sandbox.models import PracticeAttempt
from tests.calls.helpers import answer, start
from tests.sandbox.helpers import start_scenario

ON_POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="checks SQLite files")
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL")
needs_pg_dump = pytest.mark.skipif(
    shutil.which("pg_dump") is None, reason="pg_dump is not installed"
)
UNKNOWN_REVISION = "0123456789ab"


def invoke(app, *args, input=None):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args], input=input)


def live_sqlite_file() -> Path:
    return Path(db.engines[None].url.database)


def practice_sqlite_file() -> Path:
    return Path(db.engines[PRACTICE_BIND].url.database)


def snapshot() -> dict[str, list[tuple]]:
    """Return every row of every table in the live and practice databases, sorted."""
    db.session.remove()
    rows = {}
    for label, engine in (
        ("live", db.engines[None]),
        ("practice", db.engines[PRACTICE_BIND]),
    ):
        with engine.connect() as connection:
            for name in inspect(connection).get_table_names():
                result = connection.execute(text(f'SELECT * FROM "{name}"'))
                rows[f"{label}.{name}"] = sorted(
                    tuple(repr(value) for value in row) for row in result
                )
    return rows


def set_revision(revision: str) -> None:
    db.session.execute(
        text("UPDATE alembic_version SET version_num = :r"), {"r": revision}
    )
    db.session.commit()


@pytest.fixture
def stamped(app):
    """The test database, recorded as being at the newest migration.

    The table is written directly, because `flask db stamp` would apply
    alembic.ini's logging settings, which disable the loggers that already
    exist for the rest of the run.
    """
    db.session.execute(
        text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    )
    db.session.execute(
        text("INSERT INTO alembic_version VALUES (:revision)"),
        {"revision": revisions.head_revision()},
    )
    db.session.commit()
    return app


@pytest.fixture
def data(stamped, world, build, login_as, client):
    """Staff, cases, a call with steps, audit events and a practice attempt."""
    caller = login_as(world.admin)
    public_id = start(caller, world.team)
    answer(caller, public_id, {})
    answer(caller, public_id, {"caller_name": "Ann Lee"})
    client.post("/logout")

    practice_world.reset(keep_attempts=False)
    trainee = build.user("trainee", Role.TRAINEE, world.team, name="Sam Patel")
    learner = login_as(trainee)
    start_scenario(learner, "offender-with-reference")
    client.post("/logout")
    db.session.remove()
    return world


def test_restore_brings_back_every_row(data, app, tmp_path):
    before = snapshot()
    backup_file = tmp_path / "backups" / "duty.backup"
    backup_file.parent.mkdir()

    backup_result = invoke(app, "backup", backup_file)
    case = db.session.scalars(select(Case).where(Case.reference == "B1234567")).one()
    case.surname = "Changed"
    db.session.add(
        User(
            username="late.joiner",
            full_name="Late Joiner",
            role=Role.CASE_OWNER,
            password_hash="x",
        )
    )
    db.session.execute(CallStep.__table__.delete())
    db.session.add(AuditEvent(action="after.backup"))
    db.session.commit()
    with practice_world.practice_session() as session:
        session.execute(PracticeAttempt.__table__.delete())
    changed = snapshot()
    restored = invoke(app, "restore", backup_file, "--yes")
    after = snapshot()

    assert backup_result.exit_code == 0, backup_result.output
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    assert "Backed up the live database" in backup_result.output
    assert "personal data" in backup_result.output
    assert changed != before
    assert restored.exit_code == 0, restored.output
    assert "no upgrade is needed" in restored.output
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert before["live.users"]
    assert before["live.cases"]
    assert before["live.calls"]
    assert len(before["live.call_steps"]) >= 2
    assert before["live.audit_events"]
    assert before["practice.practice_attempts"]
    assert before["practice.cases"]
    case = db.session.scalars(select(Case).where(Case.reference == "B1234567")).one()
    assert case.surname == "O’Brien"
    assert db.session.scalar(select(User).where(User.username == "late.joiner")) is None
    assert db.session.scalars(select(Call)).one().caller_name == "Ann Lee"


def test_restore_asks_before_replacing_data(data, app, tmp_path):
    backup_file = tmp_path / "duty.backup"
    invoke(app, "backup", backup_file)
    set_marker = "UPDATE cases SET surname = 'Marker' WHERE reference = 'B1234567'"
    db.session.execute(text(set_marker))
    db.session.commit()

    without_answer = invoke(app, "restore", backup_file)
    surname_kept = db.session.scalar(
        select(Case.surname).where(Case.reference == "B1234567")
    )
    declined = invoke(app, "restore", backup_file, input="n\n")
    agreed = invoke(app, "restore", backup_file, input="y\n")
    restored = db.session.scalar(
        select(Case.surname).where(Case.reference == "B1234567")
    )

    assert without_answer.exit_code == 1
    assert "The live database" in without_answer.output
    assert "rows in" in without_answer.output
    assert "Nothing was restored" in without_answer.output
    assert "--yes" in without_answer.output
    assert surname_kept == "Marker"
    assert declined.exit_code == 1
    assert "Nothing was restored" in declined.output
    assert agreed.exit_code == 0, agreed.output
    assert restored == "O’Brien"


def _wipe_databases() -> None:
    """Remove every table from the live and practice databases, as on a new server."""
    db.session.remove()
    for engine in db.engines.values():
        engine.dispose()
    if ON_POSTGRES:
        with db.engines[None].begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS practice CASCADE"))
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.engines[None].dispose()
        return
    for path in (live_sqlite_file(), practice_sqlite_file()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_restore_into_empty_databases_needs_no_yes(data, app, tmp_path):
    before = snapshot()
    backup_file = tmp_path / "duty.backup"
    invoke(app, "backup", backup_file)
    _wipe_databases()

    restored = invoke(app, "restore", backup_file)

    assert restored.exit_code == 0, restored.output
    assert snapshot() == before


def test_restore_rejects_missing_file(stamped, tmp_path):
    result = invoke(stamped, "restore", tmp_path / "missing.backup", "--yes")

    assert result.exit_code == 1
    assert "missing.backup was not found" in result.output


def test_restore_rejects_file_that_is_not_a_backup(stamped, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\n")

    result = invoke(stamped, "restore", notes, "--yes")

    assert result.exit_code == 1
    assert "notes.txt is not a backup made by `flask --app app backup`" in result.output


def test_restore_rejects_backup_without_revision(stamped, build, tmp_path):
    build.team()
    db.session.execute(text("DROP TABLE alembic_version"))
    db.session.commit()
    backup_file = tmp_path / "other.backup"
    invoke(stamped, "backup", backup_file)

    result = invoke(stamped, "restore", backup_file, "--yes")

    assert result.exit_code == 1
    assert "not a backup of this app" in result.output
    assert "no alembic_version table" in result.output


def test_restore_rejects_unknown_revision(stamped, build, tmp_path):
    build.team()
    set_revision(UNKNOWN_REVISION)
    backup_file = tmp_path / "newer.backup"
    invoke(stamped, "backup", backup_file)
    set_revision(revisions.head_revision())
    build.team("Criminal casework Midlands")
    before = snapshot()

    result = invoke(stamped, "restore", backup_file, "--yes")

    assert result.exit_code == 1
    assert f"schema revision {UNKNOWN_REVISION}" in result.output
    assert "not one of this app's migrations" in result.output
    assert snapshot() == before


def test_restore_says_when_upgrade_is_needed(stamped, build, tmp_path, monkeypatch):
    build.team()
    backup_file = tmp_path / "older.backup"
    invoke(stamped, "backup", backup_file)
    current = revisions.head_revision()
    monkeypatch.setattr(revisions, "head_revision", lambda: "fedcba987654")
    monkeypatch.setattr(revisions, "known_revisions", lambda: {current, "fedcba987654"})

    result = invoke(stamped, "restore", backup_file, "--yes")

    assert result.exit_code == 0, result.output
    assert f"The schema is at revision {current}" in result.output
    assert "Run `flask --app app db upgrade` before starting the app" in result.output


def test_backup_rejects_existing_file(stamped, tmp_path):
    backup_file = tmp_path / "duty.backup"
    backup_file.write_text("an older backup")

    result = invoke(stamped, "backup", backup_file)

    assert result.exit_code == 1
    assert "duty.backup already exists" in result.output
    assert backup_file.read_text() == "an older backup"


def test_backup_needs_an_existing_folder(stamped, tmp_path):
    result = invoke(stamped, "backup", tmp_path / "absent" / "duty.backup")

    assert result.exit_code == 1
    assert "absent does not exist" in result.output


@sqlite_only
def test_backup_files_are_private_and_self_contained(data, app, tmp_path):
    backup_file = tmp_path / "duty.sqlite"

    result = invoke(app, "backup", backup_file)

    practice_file = tmp_path / "duty-practice.sqlite"
    assert result.exit_code == 0, result.output
    assert f"to {practice_file}" in result.output
    for path in (backup_file, practice_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        with path.open("rb") as handle:
            header = handle.read(20)
        assert header[18:20] == b"\x01\x01", f"{path} is not in rollback-journal mode"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("duty")) == [
        "duty-practice.sqlite",
        "duty.sqlite",
    ]


@sqlite_only
def test_backup_reports_missing_database_file(stamped, tmp_path):
    _wipe_databases()

    result = invoke(stamped, "backup", tmp_path / "duty.backup")

    assert result.exit_code == 1
    assert f"The live database file {live_sqlite_file()} was not found" in result.output
    assert not (tmp_path / "duty.backup").exists()


@sqlite_only
def test_restore_without_practice_backup_keeps_practice(data, app, tmp_path):
    backup_file = tmp_path / "duty.sqlite"
    invoke(app, "backup", backup_file)
    (tmp_path / "duty-practice.sqlite").unlink()
    with practice_world.practice_session() as session:
        session.execute(PracticeAttempt.__table__.delete())

    result = invoke(app, "restore", backup_file, "--yes")

    assert result.exit_code == 0, result.output
    assert "No practice backup was found" in result.output
    assert "practice database (SQLite file" in result.output
    assert snapshot()["practice.practice_attempts"] == []


@sqlite_only
def test_restore_rejects_live_backup_as_practice(data, app, tmp_path):
    backup_file = tmp_path / "duty.sqlite"
    invoke(app, "backup", backup_file)
    practice_file = tmp_path / "duty-practice.sqlite"
    practice_file.write_bytes(backup_file.read_bytes())
    before = snapshot()

    result = invoke(app, "restore", backup_file, "--yes")

    assert result.exit_code == 1
    assert (
        "is a backup of a live database, not of the practice database" in result.output
    )
    assert snapshot() == before


@sqlite_only
def test_restore_rejects_database_of_another_app(stamped, tmp_path):
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY)")
        connection.commit()

    result = invoke(stamped, "restore", other, "--yes")

    assert result.exit_code == 1
    assert "other.sqlite is not a backup of this app" in result.output


@sqlite_only
def test_restore_rejects_damaged_backup(data, app, tmp_path):
    backup_file = tmp_path / "duty.sqlite"
    invoke(app, "backup", backup_file)
    content = bytearray(backup_file.read_bytes())
    content[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)
    backup_file.write_bytes(bytes(content))
    before = snapshot()

    result = invoke(app, "restore", backup_file, "--yes")

    assert result.exit_code == 1
    assert (
        "duty.sqlite could not be read: database disk image is malformed"
        in result.output
    )
    assert snapshot() == before
    assert [p.name for p in live_sqlite_file().parent.glob(".*restore-*")] == []


@sqlite_only
def test_restore_replaces_unreadable_database_file(data, app, tmp_path):
    before = snapshot()
    backup_file = tmp_path / "backup.sqlite"
    invoke(app, "backup", backup_file)
    _wipe_databases()
    live_sqlite_file().write_bytes(b"not a database at all" * 400)

    result = invoke(app, "restore", backup_file)
    prompt_output = result.output
    result = invoke(app, "restore", backup_file, "--yes")

    moved_files = list(
        live_sqlite_file().parent.glob(f"{live_sqlite_file().name}.unreadable-*")
    )
    assert "cannot be read" in prompt_output
    assert "Nothing was restored" in prompt_output
    assert result.exit_code == 0, result.output
    assert "was moved to" in result.output
    assert len(moved_files) == 1
    assert moved_files[0].read_bytes().startswith(b"not a database at all")
    assert snapshot() == before


@sqlite_only
def test_restore_fails_cleanly_while_database_is_locked(
    data, app, tmp_path, monkeypatch
):
    backup_file = tmp_path / "duty.sqlite"
    invoke(app, "backup", backup_file)
    db.session.add(AuditEvent(action="after.backup"))
    db.session.commit()
    before = snapshot()
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_SECONDS", 0.1)
    monkeypatch.setattr(sqlite_store, "LOCK_WAIT_SECONDS", 0.5)

    with closing(sqlite3.connect(live_sqlite_file(), isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        result = invoke(app, "restore", backup_file, "--yes")
        writer.execute("ROLLBACK")

    assert result.exit_code == 1
    assert "Could not restore the live database" in result.output
    assert "database is locked" in result.output
    assert "stop it and run the restore again" in result.output
    assert snapshot() == before


def _write_pairs(
    path: Path, started: threading.Event, stop: threading.Event, done: list
):
    """Insert two audit rows per transaction until stopped, counting transactions."""
    with closing(sqlite3.connect(path, timeout=5)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        while not stop.is_set():
            with connection:
                for action in ("pair.first", "pair.second"):
                    connection.execute(
                        "INSERT INTO audit_events (at, action, detail) "
                        "VALUES (CURRENT_TIMESTAMP, ?, '')",
                        (action,),
                    )
            done.append(1)
            started.set()


@sqlite_only
def test_backup_while_writing_is_consistent(data, app, tmp_path):
    filler = [AuditEvent(action="filler", detail="x" * 200) for _ in range(20_000)]
    db.session.add_all(filler)
    db.session.commit()
    db.session.remove()
    started, stop, done = threading.Event(), threading.Event(), []
    writer = threading.Thread(
        target=_write_pairs, args=(live_sqlite_file(), started, stop, done)
    )
    writer.start()
    try:
        assert started.wait(10)
        committed_before = len(done)
        result = invoke(app, "backup", tmp_path / "busy.sqlite")
        committed_after = len(done)
    finally:
        stop.set()
        writer.join()

    with closing(sqlite3.connect(tmp_path / "busy.sqlite")) as backup:
        check = backup.execute("PRAGMA integrity_check").fetchone()[0]
        firsts, seconds = (
            backup.execute(
                "SELECT count(*) FROM audit_events WHERE action = ?", (action,)
            ).fetchone()[0]
            for action in ("pair.first", "pair.second")
        )
    assert result.exit_code == 0, result.output
    assert committed_after > committed_before, "the writer made no commit meanwhile"
    assert check == "ok"
    assert firsts == seconds
    assert committed_before <= firsts <= committed_after


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable_app(tmp_path):
    """An app whose PostgreSQL database URL has a password and points at a closed port."""
    url = f"postgresql+psycopg://duty:s3cret-word@127.0.0.1:{_closed_port()}/duty"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        yield app


@needs_pg_dump
def test_backup_hides_password_when_server_unreachable(unreachable_app, tmp_path):
    result = invoke(unreachable_app, "backup", tmp_path / "duty.dump")

    assert result.exit_code == 1
    assert "pg_dump failed with exit status 1" in result.output
    assert "Connection refused" in result.output
    assert "postgresql://duty:***@127.0.0.1" in result.output
    assert "s3cret-word" not in result.output
    assert not (tmp_path / "duty.dump").exists()
    assert list(tmp_path.glob(".duty.dump.*")) == []


def test_backup_reports_missing_pg_dump(unreachable_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    result = invoke(unreachable_app, "backup", tmp_path / "duty.dump")

    assert result.exit_code == 1
    assert "pg_dump was not found on PATH" in result.output
    assert "s3cret-word" not in result.output


@postgres_only
def test_restore_reports_unreachable_database(data, app, tmp_path):
    backup_file = tmp_path / "duty.dump"
    invoke(app, "backup", backup_file)
    url = f"postgresql+psycopg://duty:s3cret-word@127.0.0.1:{_closed_port()}/duty"
    elsewhere = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})

    with elsewhere.app_context():
        result = invoke(elsewhere, "restore", backup_file, "--yes")

    assert result.exit_code == 1
    assert "Could not connect to the live database" in result.output
    assert "postgresql://duty:***@127.0.0.1" in result.output
    assert "s3cret-word" not in result.output


@postgres_only
def test_restore_drops_tables_newer_than_backup(data, app, tmp_path):
    with db.engines[None].begin() as connection:
        connection.execute(text("DROP TABLE practice.practice_world"))
    before = snapshot()
    backup_file = tmp_path / "duty.dump"
    invoke(app, "backup", backup_file)
    practice_world.last_reset()

    result = invoke(app, "restore", backup_file, "--yes")

    assert result.exit_code == 0, result.output
    assert (
        "Dropped tables that were not in the backup: practice.practice_world"
        in result.output
    )
    assert snapshot() == before


@postgres_only
def test_restore_fails_cleanly_while_tables_are_locked(
    data, app, tmp_path, monkeypatch
):
    backup_file = tmp_path / "duty.dump"
    invoke(app, "backup", backup_file)
    db.session.add(AuditEvent(action="after.backup"))
    db.session.commit()
    before = snapshot()
    monkeypatch.setattr(postgres, "LOCK_WAIT_SECONDS", 2.0)
    monkeypatch.setattr(postgres, "LOCK_POLL_SECONDS", 0.1)
    other_engine = create_engine(db.engines[None].url)

    with other_engine.connect() as reader:
        reader.execute(text("SELECT count(*) FROM cases"))
        result = invoke(app, "restore", backup_file, "--yes")
        reader.rollback()
    other_engine.dispose()

    assert result.exit_code == 1
    assert "pg_restore failed with exit status 1 while restoring" in result.output
    assert "canceling statement due to user request" in result.output
    assert "waited more than 2 seconds for a lock" in result.output
    assert "nothing was changed" in result.output
    assert snapshot() == before


@postgres_only
def test_backup_gives_up_on_locked_table(stamped, build, tmp_path, monkeypatch):
    build.team()
    monkeypatch.setattr(postgres, "LOCK_WAIT_SECONDS", 1.0)
    other_engine = create_engine(db.engines[None].url)

    with other_engine.connect() as migration:
        migration.execute(text("LOCK TABLE cases IN ACCESS EXCLUSIVE MODE"))
        result = invoke(stamped, "backup", tmp_path / "duty.dump")
        migration.rollback()
    other_engine.dispose()

    assert result.exit_code == 1
    assert "pg_dump failed with exit status 1 while backing up" in result.output
    assert "canceling statement due to statement timeout" in result.output
    assert "LOCK TABLE public.cases" in result.output
    assert not (tmp_path / "duty.dump").exists()
