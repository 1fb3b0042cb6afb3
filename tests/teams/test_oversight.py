"""The manager's oversight page: charts, tables, slipping lists and CSV."""

import csv
import io
import re
from datetime import date, datetime

import pytest

from duty.calls.models import Call, CallStatus
from duty.cases.models import CaseNote
from duty.extensions import db
from duty.followups.models import FollowUp
from duty.teams.line_models import DiversionConfirmation, Voicemail
from tests.conftest import text_of

NOW = datetime(2026, 1, 16, 18, 0)  # Friday evening, after closing
PERIOD = "from=2026-01-12&to=2026-01-16"


def _call(
    world, started_at, caller_type, status=CallStatus.ENDED, case=None, team=None
):
    call = Call(
        team_id=(team or world.team).id,
        answered_by_id=world.admin.id,
        handler_id=world.admin.id,
        started_at=started_at,
        caller_type=caller_type,
        status=status,
        case_id=case.id if case else None,
    )
    db.session.add(call)
    db.session.commit()
    return call


@pytest.fixture
def calls(app, world):
    app.config["FROZEN_NOW"] = NOW
    created = [
        _call(world, datetime(2026, 1, 12, 9, 15), "offender", case=world.case),
        _call(world, datetime(2026, 1, 12, 9, 45), "representative", case=world.case),
        _call(world, datetime(2026, 1, 13, 14, 5), "offender"),
        _call(world, datetime(2026, 1, 15, 16, 59), "press"),
        _call(world, datetime(2026, 1, 11, 10, 0), "offender"),  # before the period
        _call(world, datetime(2026, 1, 13, 10, 0), "offender", team=world.other),
    ]
    db.session.add(
        CaseNote(
            case_id=world.case.id,
            call_id=created[1].id,
            author_id=world.owner.id,
            body="Note",
        )
    )
    db.session.commit()
    return created


def _table(body: str, table_id: str) -> dict[str, int]:
    table = body[body.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        table,
    )
    return {label: int(count) for label, count in rows}


def _bars(body: str, chart_id: str) -> list[int]:
    chart = body[body.index(f'id="{chart_id}"') :]
    chart = chart[: chart.index("</svg>")]
    return [int(v) for v in re.findall(r'class="app-chart__value"[^>]*>(\d+)<', chart)]


def test_oversight_tables_count_calls(calls, world, login_as):
    client = login_as(world.manager)

    body = client.get(f"/oversight?team={world.team.id}&{PERIOD}").get_data(
        as_text=True
    )

    per_day = _table(body, "chart-day-table")
    per_hour = _table(body, "chart-hour-table")
    per_type = _table(body, "chart-caller-type-table")
    assert per_day == {
        "Mon 12 Jan": 2,
        "Tue 13 Jan": 1,
        "Wed 14 Jan": 0,
        "Thu 15 Jan": 1,
        "Fri 16 Jan": 0,
    }
    assert per_hour["09:00"] == 2
    assert per_hour["14:00"] == 1
    assert per_hour["16:00"] == 1
    assert sum(per_hour.values()) == 4
    assert per_type["Foreign national offender"] == 2
    assert per_type["Press or media"] == 1


def test_oversight_charts_agree_with_tables(calls, world, login_as):
    client = login_as(world.manager)

    body = client.get(f"/oversight?team={world.team.id}&{PERIOD}").get_data(
        as_text=True
    )

    for chart_id in ("chart-day", "chart-hour", "chart-caller-type"):
        assert _bars(body, chart_id) == list(_table(body, f"{chart_id}-table").values())


def test_oversight_agrees_with_call_log(calls, world, login_as):
    client = login_as(world.manager)

    body = client.get(f"/oversight?team={world.team.id}&{PERIOD}").get_data(
        as_text=True
    )
    log = client.get(f"/calls/log.csv?team={world.team.id}&{PERIOD}").get_data(
        as_text=True
    )

    log_rows = list(csv.DictReader(io.StringIO(log)))
    per_type = _table(body, "chart-caller-type-table")
    assert sum(_table(body, "chart-day-table").values()) == len(log_rows)
    assert per_type["Foreign national offender"] == sum(
        1 for row in log_rows if row["caller_type"] == "Foreign national offender"
    )


def test_oversight_hours_counted_in_uk_time(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2025, 7, 4, 18, 0)
    _call(world, datetime(2025, 7, 1, 8, 30), "offender")  # 09:30 BST
    client = login_as(world.manager)

    body = client.get(
        f"/oversight?team={world.team.id}&from=2025-07-01&to=2025-07-01"
    ).get_data(as_text=True)

    assert _table(body, "chart-hour-table")["09:00"] == 1


def test_oversight_all_teams(calls, world, login_as):
    client = login_as(world.manager)

    body = client.get(f"/oversight?team=all&{PERIOD}").get_data(as_text=True)

    assert sum(_table(body, "chart-day-table").values()) == 5


def test_oversight_lists_calls_without_case_note(calls, world, login_as):
    client = login_as(world.manager)

    body = text_of(client.get(f"/oversight?team={world.team.id}&{PERIOD}"))

    assert "Calls without a case note: 1" in body
    assert "12 Jan 2026 09:15" in body
    assert "12 Jan 2026 09:45" not in body


def test_oversight_lists_overdue_voicemail(calls, world, login_as):
    db.session.add(
        Voicemail(
            team_id=world.team.id,
            left_at=datetime(2026, 1, 13, 8, 0),
            due_at=datetime(2026, 1, 14, 17, 0),
            logged_by_id=world.admin.id,
        )
    )
    db.session.add(
        Voicemail(
            team_id=world.team.id,
            left_at=datetime(2026, 1, 16, 8, 0),
            due_at=datetime(2026, 1, 19, 17, 0),
            logged_by_id=world.admin.id,
        )
    )
    db.session.commit()
    client = login_as(world.manager)

    body = text_of(client.get(f"/oversight?team={world.team.id}&{PERIOD}"))

    assert "Voicemail overdue: 1" in body


def test_oversight_lists_missed_diversions(calls, world, login_as):
    for day in (12, 13, 14, 15, 16):
        for kind in ("diverted", "cancelled"):
            if (day, kind) != (14, "diverted"):
                db.session.add(
                    DiversionConfirmation(
                        team_id=world.team.id,
                        on_date=date(2026, 1, day),
                        kind=kind,
                        confirmed_by_id=world.admin.id,
                    )
                )
    db.session.commit()
    client = login_as(world.manager)

    body = text_of(client.get(f"/oversight?team={world.team.id}&{PERIOD}"))

    assert "Lines not diverted at close or not reopened at opening: 1" in body
    assert "Wed 14 Jan 2026" in body


def test_oversight_has_no_inline_styles(calls, world, login_as):
    client = login_as(world.manager)

    body = client.get(f"/oversight?team={world.team.id}&{PERIOD}").get_data(
        as_text=True
    )

    assert "style=" not in body
    assert "<script>" not in body


def test_oversight_csv_matches_page(calls, world, login_as):
    client = login_as(world.manager)

    response = client.get(f"/oversight.csv?team={world.team.id}&{PERIOD}")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))

    assert response.mimetype == "text/csv"
    assert ["Calls per day", "Mon 12 Jan", "2", ""] in rows
    assert ["Calls per caller type", "Press or media", "1", ""] in rows
    assert ["Calls without a case note", "total", "1", ""] in rows


def test_oversight_end_before_start_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.get("/oversight?from=2026-01-16&to=2026-01-12")

    assert response.status_code == 422
    assert "The end date must be the same as or after the start date" in text_of(
        response
    )


def test_oversight_bad_date_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.get("/oversight?from=2026-02-30")

    assert response.status_code == 422
    assert "Enter the start date as a real date" in text_of(response)


def test_oversight_csv_bad_filters_rejected(world, login_as):
    client = login_as(world.manager)

    assert client.get("/oversight.csv?from=nonsense").status_code == 400


def test_oversight_refused_to_team_leader(world, login_as):
    client = login_as(world.leader)

    assert client.get("/oversight").status_code == 403
    assert client.get("/oversight.csv").status_code == 403


def test_oversight_lists_overdue_follow_ups(calls, world, login_as):
    for due_at in (datetime(2026, 1, 15, 17, 0), datetime(2026, 1, 20, 17, 0)):
        db.session.add(
            FollowUp(
                call_id=calls[0].id,
                team_id=world.team.id,
                owner_id=world.owner.id,
                created_by_id=world.owner.id,
                kind="call_back",
                due_at=due_at,
                first_due_at=due_at,
            )
        )
    db.session.commit()
    client = login_as(world.manager)

    body = text_of(client.get(f"/oversight?team={world.team.id}&{PERIOD}"))

    assert "Follow-ups overdue: 1" in body
    assert "15 Jan 2026 17:00 Criminal casework North West Tom O'Connor" in body
