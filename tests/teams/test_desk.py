"""Diversion confirmations and the voicemail log."""

from datetime import date, datetime

import pytest

from duty.audit import AuditEvent
from duty.extensions import db
from duty.teams.line_models import DiversionConfirmation, Voicemail
from tests.conftest import page, text_of

FRIDAY_BEFORE_CHRISTMAS = datetime(2022, 12, 23, 16, 30)


def _checks_html(response) -> str:
    body = response.get_data(as_text=True)
    return body[body.index('id="diversion-checks"') : body.index("Today's rota")]


def test_diversion_confirmed_at_close(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 14, 17, 2)
    client = login_as(world.admin)

    response = client.post(
        f"/lines/{world.team.id}/diversion", data={"kind": "diverted"}
    )

    row = db.session.query(DiversionConfirmation).one()
    assert response.status_code == 303
    assert row.on_date == date(2026, 1, 14)
    assert row.kind == "diverted"
    assert row.confirmed_by_id == world.admin.id
    assert db.session.query(AuditEvent).filter_by(action="diversion.diverted").count()


def test_diversion_overdue_past_closing_time(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 14, 17, 1)
    client = login_as(world.admin)

    checks = _checks_html(client.get(f"/lines/{world.team.id}"))

    assert checks.count("Overdue") == 2  # not reopened at 09:00, not diverted at 17:00


def test_diversion_not_overdue_before_closing_time(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 14, 16, 59)
    client = login_as(world.admin)
    client.post(f"/lines/{world.team.id}/diversion", data={"kind": "cancelled"})

    checks = _checks_html(client.get(f"/lines/{world.team.id}"))

    assert "Overdue" not in checks
    assert "confirmed by Priya Shah" in checks


def test_diversion_confirmed_twice_keeps_first(app, world, build, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 14, 9, 1)
    client = login_as(world.admin)
    client.post(f"/lines/{world.team.id}/diversion", data={"kind": "cancelled"})

    response = client.post(
        f"/lines/{world.team.id}/diversion", data={"kind": "cancelled"}
    )

    assert response.status_code == 303
    assert db.session.query(DiversionConfirmation).count() == 1


def test_diversion_on_substitute_holiday_rejected(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2022, 12, 27, 17, 5)
    client = login_as(world.admin)

    response = client.post(
        f"/lines/{world.team.id}/diversion",
        data={"kind": "diverted"},
        follow_redirects=True,
    )

    assert "The line does not open today" in text_of(response)
    assert db.session.query(DiversionConfirmation).count() == 0


def test_diversion_unknown_kind_rejected(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 14, 17, 5)
    client = login_as(world.admin)

    response = client.post(
        f"/lines/{world.team.id}/diversion",
        data={"kind": "other"},
        follow_redirects=True,
    )

    assert "Select whether you diverted the line" in text_of(response)
    assert db.session.query(DiversionConfirmation).count() == 0


def test_diversion_refused_to_other_team(app, world, login_as):
    client = login_as(world.other_owner)

    response = client.post(
        f"/lines/{world.team.id}/diversion", data={"kind": "diverted"}
    )

    assert response.status_code == 403


@pytest.fixture
def voicemail_team(world):
    world.team.allows_voicemail = True
    world.team.mailbox_capacity = 5
    db.session.commit()
    return world


def _message(**fields):
    data = {
        "left_on-day": "23",
        "left_on-month": "12",
        "left_on-year": "2022",
        "left_time": "16:00",
        "caller_name": "Sean O'Brien",
        "caller_number": "07700 900123",
        "about": "Wants a call back",
    }
    return {**data, **fields}


def test_voicemail_due_end_of_next_working_day(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)

    response = client.post(
        f"/lines/{voicemail_team.team.id}/voicemail", data=_message()
    )

    message = db.session.query(Voicemail).one()
    assert response.status_code == 303
    assert message.left_at == datetime(2022, 12, 23, 16, 0)
    assert message.due_at == datetime(2022, 12, 28, 17, 0)


def test_voicemail_left_saturday_due_monday(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 17, 12, 0)
    client = login_as(voicemail_team.admin)

    client.post(
        f"/lines/{voicemail_team.team.id}/voicemail",
        data=_message(
            **{
                "left_on-day": "17",
                "left_on-month": "1",
                "left_on-year": "2026",
                "left_time": "11:00",
            }
        ),
    )

    assert db.session.query(Voicemail).one().due_at == datetime(2026, 1, 19, 17, 0)


def test_voicemail_overdue_highlighted(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)
    client.post(f"/lines/{voicemail_team.team.id}/voicemail", data=_message())
    app.config["FROZEN_NOW"] = datetime(2022, 12, 28, 17, 1)
    client = login_as(voicemail_team.admin)

    response = client.get(f"/lines/{voicemail_team.team.id}/voicemail")
    body = response.get_data(as_text=True)

    assert "app-row--overdue" in body
    assert "Overdue" in text_of(response)


def test_voicemail_not_overdue_on_due_day(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)
    client.post(f"/lines/{voicemail_team.team.id}/voicemail", data=_message())
    app.config["FROZEN_NOW"] = datetime(2022, 12, 28, 16, 59)
    client = login_as(voicemail_team.admin)

    response = client.get(f"/lines/{voicemail_team.team.id}/voicemail")

    assert "app-row--overdue" not in response.get_data(as_text=True)


def test_voicemail_in_future_rejected(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)

    response = client.post(
        f"/lines/{voicemail_team.team.id}/voicemail", data=_message(left_time="17:00")
    )

    assert response.status_code == 422
    assert "must be in the past" in text_of(response)
    assert "Wants a call back" in response.get_data(as_text=True)


def test_voicemail_missing_fields_named(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)

    response = client.post(
        f"/lines/{voicemail_team.team.id}/voicemail",
        data=_message(**{"left_on-month": " ", "about": "", "left_time": "noon"}),
    )
    body = text_of(response)

    assert response.status_code == 422
    page(response)
    assert "The date the message was left must include a month" in body
    assert "Enter what the message is about" in body
    assert "Enter the time the message was left as a 24-hour time" in body


def test_voicemail_dealt_with_records_who(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)
    client.post(f"/lines/{voicemail_team.team.id}/voicemail", data=_message())
    message = db.session.query(Voicemail).one()

    response = client.post(
        f"/lines/{voicemail_team.team.id}/voicemail/{message.id}/dealt-with",
        data={"outcome": "Called back, passed to case owner"},
    )

    db.session.refresh(message)
    assert response.status_code == 303
    assert message.dealt_by_id == voicemail_team.admin.id
    assert message.outcome == "Called back, passed to case owner"


def test_voicemail_dealt_with_needs_outcome(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)
    client.post(f"/lines/{voicemail_team.team.id}/voicemail", data=_message())
    message = db.session.query(Voicemail).one()

    response = client.post(
        f"/lines/{voicemail_team.team.id}/voicemail/{message.id}/dealt-with",
        data={"outcome": ""},
    )

    assert response.status_code == 422
    assert "Enter what was done about the message" in text_of(response)


def test_voicemail_full_mailbox_warning(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)
    for _ in range(5):
        client.post(f"/lines/{voicemail_team.team.id}/voicemail", data=_message())

    body = text_of(client.get(f"/lines/{voicemail_team.team.id}/voicemail"))

    assert "The mailbox is full: 5 messages are waiting and it holds 5." in body


def test_voicemail_nearly_full_warning(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)
    for _ in range(4):
        client.post(f"/lines/{voicemail_team.team.id}/voicemail", data=_message())

    body = text_of(client.get(f"/lines/{voicemail_team.team.id}"))

    assert "The mailbox is nearly full: 4 of 5 messages are waiting." in body


def test_voicemail_refused_when_team_does_not_allow_it(world, login_as):
    client = login_as(world.admin)

    response = client.post(f"/lines/{world.team.id}/voicemail", data=_message())

    assert response.status_code == 303
    assert db.session.query(Voicemail).count() == 0


def test_voicemail_cleared_after_mailbox_turned_off(app, voicemail_team, login_as):
    app.config["FROZEN_NOW"] = FRIDAY_BEFORE_CHRISTMAS
    client = login_as(voicemail_team.admin)
    client.post(f"/lines/{voicemail_team.team.id}/voicemail", data=_message())
    voicemail_team.team.allows_voicemail = False
    db.session.commit()
    message = db.session.query(Voicemail).one()

    page_text = text_of(client.get(f"/lines/{voicemail_team.team.id}/voicemail"))
    response = client.post(
        f"/lines/{voicemail_team.team.id}/voicemail/{message.id}/dealt-with",
        data={"outcome": "Called back"},
    )

    db.session.refresh(message)
    assert "does not take recorded messages" in page_text
    assert response.status_code == 303
    assert message.dealt_by_id == voicemail_team.admin.id


def test_voicemail_refused_to_other_team(voicemail_team, login_as):
    client = login_as(voicemail_team.other_owner)

    response = client.get(f"/lines/{voicemail_team.team.id}/voicemail")

    assert response.status_code == 403
