"""A practice call taken to its end leaves nothing of itself in the live database."""

from sqlalchemy import func, inspect, select, text

from duty.auth.models import Role
from duty.extensions import db
from duty.sandbox.binding import PRACTICE_BIND
from tests.conftest import text_of
from tests.sandbox.helpers import (
    PREFIX,
    answer,
    attempt_id_for,
    finish,
    go_home_case_owner_steps,
    opening,
    play_steps,
    start_scenario,
)

LIVE_TABLES_WITHOUT_AUDIT = (
    "calls",
    "call_steps",
    "call_events",
    "case_notes",
    "cases",
    "representatives",
    "third_parties",
    "users",
    "teams",
)


def _live_rows() -> dict[str, list[dict]]:
    """Return every row of every live table, read straight from the live engine."""
    engine = db.engines[None]
    rows = {}
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            quoted = engine.dialect.identifier_preparer.quote(table)
            rows[table] = [
                dict(r._mapping)
                for r in connection.execute(text(f"SELECT * FROM {quoted}"))
            ]
    return rows


def _practice_value(sql: str):
    with db.engines[PRACTICE_BIND].connect() as connection:
        return connection.execute(text(sql)).scalar()


def _practice_count(table: str) -> int:
    return _practice_value(f"SELECT COUNT(*) FROM {table}")


def _play_whole_call(client) -> str:
    """Answer, pass, take over and handle an offender's call, then finish."""
    public_id = start_scenario(client, "offender-wants-to-go-home")
    opening(client, public_id, "Andrius Kazlauskas", "offender")
    answer(client, public_id, {"has_reference": "yes", "reference": "P1000016"})
    answer(client, public_id, {"enquiry": "Kazlauskas wants to go home"})
    answer(client, public_id, {})
    attempt_id = attempt_id_for(client, public_id)
    client.post(f"{PREFIX}/attempts/{attempt_id}/take-over")
    discussion = "Andrius Kazlauskas: gave the FRS hotline 020 8760 8513"
    play_steps(client, public_id, go_home_case_owner_steps(discussion))
    finish(client, public_id)
    return public_id


def test_practice_call_leaves_no_trace_in_live_database(trainee, world, login_as):
    before = _live_rows()
    client = login_as(trainee)

    public_id = _play_whole_call(client)
    after = _live_rows()

    assert _practice_count("calls") == 1
    assert _practice_count("call_steps") >= 7
    assert _practice_value("SELECT outcome FROM calls") == "handled"
    assert _practice_value("SELECT score FROM practice_attempts") == 8
    for table in LIVE_TABLES_WITHOUT_AUDIT:
        assert after[table] == before[table], f"live {table} changed"
    everything = repr(after)
    for trace in (public_id, "Kazlauskas", "8760 8513", "P1000016", "go home"):
        assert trace not in everything, f"{trace!r} found in the live database"
    new_audit = [
        row for row in after["audit_events"] if row not in before["audit_events"]
    ]
    actions = {row["action"] for row in new_audit}
    assert actions == {"login.success", "practice.enter"}


def test_practice_call_not_on_live_log_or_export(trainee, world, login_as, client):
    public_id = _play_whole_call(login_as(trainee))
    client.post("/logout")
    login_as(world.manager)

    log = client.get("/calls/log")
    export = client.get("/calls/log.csv")
    practice_log = client.get(f"{PREFIX}/calls/log")

    assert public_id not in log.get_data(as_text=True)
    assert "Kazlauskas" not in text_of(log)
    assert export.get_data(as_text=True).strip().count("\n") == 0
    assert "Practice casework North" in text_of(practice_log)


def test_staff_practice_audits_only_switch(world, practice, client, login_as):
    login_as(world.admin)
    before = _live_rows()["audit_events"]

    switched = client.post("/switch-to-practice")
    public_id = start_scenario(client, "press-call")
    opening(client, public_id, "Martin Hale", "press")
    answer(client, public_id, {"press_referred": "yes"})
    after = _live_rows()

    new_audit = [row for row in after["audit_events"] if row not in before]
    assert switched.headers["Location"].endswith("/practice/")
    assert [row["action"] for row in new_audit] == ["practice.enter"]
    assert after["calls"] == []
    assert public_id not in repr(after)


def test_practice_export_is_closed(world, practice, login_as):
    client = login_as(world.manager)

    response = client.get(f"{PREFIX}/calls/log.csv")

    assert response.status_code == 404


def test_reset_clears_practice_calls_and_keeps_scores(trainee, world, login_as, client):
    _play_whole_call(login_as(trainee))
    client.post("/logout")
    login_as(world.manager)
    live_before = _live_rows()

    response = client.post("/practice-reset")
    live_after = _live_rows()

    assert response.status_code == 303
    assert _practice_count("calls") == 0
    assert _practice_count("practice_attempts") == 1
    assert _practice_count("cases") == 16
    for table in LIVE_TABLES_WITHOUT_AUDIT:
        assert live_after[table] == live_before[table]
    assert "practice.reset" in {row["action"] for row in live_after["audit_events"]}


def test_practice_cases_are_not_live_cases(trainee, world, login_as):
    client = login_as(trainee)
    client.get(f"{PREFIX}/")

    live_refs = db.session.scalars(
        select(func.count()).select_from(db.metadatas[None].tables["cases"])
    ).one()
    practice_page = client.get(f"{PREFIX}/cases/P1000007")
    live_case_in_practice = client.get(f"{PREFIX}/cases/{world.case.reference}")

    assert live_refs == 2
    assert practice_page.status_code == 200
    assert live_case_in_practice.status_code == 404


def test_trainee_cannot_see_live_case(trainee, world, login_as):
    client = login_as(trainee)

    response = client.get(f"/cases/{world.case.reference}")

    assert response.status_code == 403
    assert Role.TRAINEE == trainee.role


def test_practice_incident_export_is_closed(world, practice, login_as):
    client = login_as(world.manager)

    response = client.get(f"{PREFIX}/incidents/abusive-calls.csv")

    assert response.status_code == 404
