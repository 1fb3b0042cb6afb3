"""The team log's CSV export: the labels the log page shows, safe in a spreadsheet."""

import csv
import io

from duty.auth.models import Role
from duty.calls.models import CALLER_TYPES, OUTCOMES, Call, CallStatus
from duty.extensions import db
from duty.timeutil import utcnow
from tests.conftest import text_of


def _call(world, **fields) -> Call:
    call = Call(
        team_id=world.team.id,
        answered_by_id=world.admin.id,
        handler_id=world.admin.id,
        **fields,
    )
    db.session.add(call)
    db.session.commit()
    return call


def _export(client) -> list[dict]:
    response = client.get("/calls/log.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_export_writes_caller_type_labels(world, login_as):
    for caller_type in CALLER_TYPES:
        _call(world, caller_type=caller_type, status=CallStatus.ENDED)
    client = login_as(world.admin)

    exported = {row["caller_type"] for row in _export(client)}

    assert exported == set(CALLER_TYPES.values())


def test_export_writes_outcome_labels(world, login_as):
    for outcome in OUTCOMES:
        _call(world, outcome=outcome, status=CallStatus.ENDED, ended_at=utcnow())
    client = login_as(world.admin)

    exported = {row["outcome"] for row in _export(client)}

    assert exported == set(OUTCOMES.values())


def test_export_matches_labels_on_log_page(world, login_as):
    _call(world, case_id=world.case.id)
    client = login_as(world.admin)

    row = _export(client)[0]
    page = text_of(client.get("/calls/log"))

    assert row["caller_type"] == "Not yet known"
    assert row["outcome"] == "In progress"
    assert "Not yet known" in page
    assert "In progress" in page


def test_export_guards_every_cell_against_formulas(world, build, login_as):
    world.team.name = "=HYPERLINK(team)"
    db.session.commit()
    admin = build.user("formula", Role.ADMIN_OFFICER, world.team, name="+SUM(1)")
    db.session.add(
        Call(
            team_id=world.team.id,
            answered_by_id=admin.id,
            handler_id=admin.id,
            case_id=world.case.id,
        )
    )
    db.session.commit()
    client = login_as(admin)

    row = _export(client)[0]

    assert row["team"] == "'=HYPERLINK(team)"
    assert row["handler"] == "'+SUM(1)"
