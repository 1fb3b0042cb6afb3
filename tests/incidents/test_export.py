import csv
import io
from datetime import date, datetime

import pytest

from duty.auth.models import Role
from duty.calls.models import Call
from duty.extensions import db
from duty.incidents import export, sheets
from duty.incidents.models import AbuseSheet
from tests.conftest import text_of

SHEET = {
    "behaviours": ["shouting"],
    "what_was_said": "Shouted",
    "what_was_done": "Warned",
}


def _sheet_for_call_at(world, started_at: datetime, team=None):
    team = team or world.team
    handler = world.admin if team is world.team else world.other_owner
    call = Call(
        team_id=team.id,
        answered_by_id=handler.id,
        handler_id=handler.id,
        started_at=started_at,
        caller_name="Caller",
    )
    db.session.add(call)
    db.session.commit()
    return sheets.save_sheet(call, handler, SHEET, f"key-{call.id}").sheet


def _period(first: str, last: str) -> dict:
    """Return the query for a period given as two "day month year" strings."""
    query = {}
    for name, typed in (("from", first), ("to", last)):
        day, month, year = typed.split()
        query.update({f"{name}-day": day, f"{name}-month": month, f"{name}-year": year})
    return query


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_export_holds_exactly_the_uk_days_asked(world, login_as):
    # June is British Summer Time: UK midnight is 23:00 UTC the evening before.
    before = _sheet_for_call_at(world, datetime(2026, 5, 31, 22, 59))
    first = _sheet_for_call_at(world, datetime(2026, 5, 31, 23, 0))
    last = _sheet_for_call_at(world, datetime(2026, 6, 30, 22, 59))
    after = _sheet_for_call_at(world, datetime(2026, 6, 30, 23, 0))
    other_team = _sheet_for_call_at(world, datetime(2026, 6, 15, 12, 0), world.other)
    client = login_as(world.manager)

    response = client.get(
        "/incidents/abusive-calls.csv", query_string=_period("1 6 2026", "30 6 2026")
    )

    ids = [row["sheet"] for row in _rows(response)]
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        "abusive-calls-2026-06-01-to-2026-06-30.csv"
        in (response.headers["Content-Disposition"])
    )
    assert ids == [first.reference, last.reference]
    for excluded in (before, after, other_team):
        assert excluded.reference not in ids


def test_export_one_winter_day(world, login_as):
    inside = _sheet_for_call_at(world, datetime(2026, 1, 15, 0, 0))
    _sheet_for_call_at(world, datetime(2026, 1, 14, 23, 59))
    _sheet_for_call_at(world, datetime(2026, 1, 16, 0, 0))
    client = login_as(world.manager)

    response = client.get(
        "/incidents/abusive-calls.csv", query_string=_period("15 1 2026", "15 1 2026")
    )

    assert [row["sheet"] for row in _rows(response)] == [inside.reference]


def test_export_columns_and_uk_times(world, login_as):
    _sheet_for_call_at(world, datetime(2026, 6, 10, 13, 5))
    client = login_as(world.manager)

    response = client.get(
        "/incidents/abusive-calls.csv", query_string=_period("10 6 2026", "10 6 2026")
    )

    [row] = _rows(response)
    assert list(row) == export.COLUMNS
    assert row["call_started"] == "2026-06-10 14:05"
    assert row["team"] == "Criminal casework North West"
    assert row["behaviours"] == "Shouting"
    assert row["threat_made"] == "no"
    assert "Caller" not in response.get_data(as_text=True)


def test_assistant_director_exports_whole_area(world, build, login_as):
    director = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    scotland = build.team("Criminal casework Scotland", region="SCT")
    build.user("owner.sct", Role.CASE_OWNER, scotland)
    own = _sheet_for_call_at(world, datetime(2026, 6, 10, 12, 0))
    area = _sheet_for_call_at(world, datetime(2026, 6, 10, 12, 0), world.other)
    client = login_as(director)

    response = client.get(
        "/incidents/abusive-calls.csv", query_string=_period("10 6 2026", "10 6 2026")
    )

    ids = {row["sheet"] for row in _rows(response)}
    assert ids == {own.reference, area.reference}


@pytest.mark.parametrize(
    ("period", "message", "anchor"),
    [
        (
            {"from-day": "", "from-month": "", "from-year": ""},
            "Enter start date",
            "from-day",
        ),
        (
            {"from-day": "1", "from-month": " ", "from-year": "2026"},
            "Start date must include a month",
            "from-day",
        ),
        (
            {"from-day": "31", "from-month": "2", "from-year": "2026"},
            "Start date must be a real date",
            "from-day",
        ),
        (
            {"to-day": "1", "to-month": "6", "to-year": "26"},
            "Year must include 4 numbers",
            "to-day",
        ),
        (
            {"to-day": "1", "to-month": "5", "to-year": "2026"},
            "End date must be the same as or after the start date",
            "to-day",
        ),
    ],
)
def test_export_bad_period_rejected(world, login_as, period, message, anchor):
    client = login_as(world.manager)
    query = {**_period("1 6 2026", "30 6 2026"), **period}

    response = client.get("/incidents/abusive-calls.csv", query_string=query)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in text_of(response)
    assert f'href="#{anchor}"' in body
    assert response.mimetype == "text/html"
    assert 'value="2026"' in body


@pytest.mark.parametrize("user", ["admin", "owner", "leader"])
def test_export_refused_to_other_roles(world, login_as, user):
    client = login_as(getattr(world, user))

    response = client.get(
        "/incidents/abusive-calls.csv", query_string=_period("1 6 2026", "30 6 2026")
    )

    assert response.status_code == 403


def test_period_bounds_follow_uk_clock():
    winter = export.period_bounds(date(2026, 1, 1), date(2026, 1, 31))
    summer = export.period_bounds(date(2026, 7, 1), date(2026, 7, 31))

    assert winter == (datetime(2026, 1, 1, 0, 0), datetime(2026, 2, 1, 0, 0))
    assert summer == (datetime(2026, 6, 30, 23, 0), datetime(2026, 7, 31, 23, 0))


def test_sheet_reference_is_stable():
    sheet = AbuseSheet(id=42)

    assert sheet.reference == "AC000042"


def test_unacknowledged_sheet_is_listed_on_oversight(world, login_as):
    waiting = _sheet_for_call_at(world, datetime(2026, 6, 10, 9, 0))
    seen = _sheet_for_call_at(world, datetime(2026, 6, 11, 9, 0))
    seen.acknowledged_at = datetime(2026, 6, 11, 10, 0)
    db.session.commit()
    client = login_as(world.manager)

    body = text_of(
        client.get(f"/oversight?team={world.team.id}&from=2026-06-01&to=2026-06-30")
    )

    assert "Abusive-call record sheets not yet acknowledged" in body
    assert "10 Jun 2026 10:00" in body
    assert "11 Jun 2026 10:00" not in body
    assert waiting.acknowledged_at is None
