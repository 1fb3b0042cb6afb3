"""Managers change a line's settings, message, direct lines and training."""

from datetime import date, datetime, time

from duty.audit import AuditEvent
from duty.extensions import db
from duty.teams.line_models import OutOfHoursMessage, TrainingRecord
from tests.conftest import page, text_of

GOOD = {
    "duty_number": "0161 496 0200",
    "region": "WLS",
    "opens_at": "08:30",
    "closes_at": "16:30",
    "allows_voicemail": "yes",
    "first_point": "no",
    "mailbox_capacity": "30",
}


def _audited(action) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(action=action).all()


def test_settings_saved_and_audited(world, login_as):
    client = login_as(world.manager)

    response = client.post(f"/lines/{world.team.id}/settings", data=GOOD)

    db.session.refresh(world.team)
    assert response.status_code == 303
    assert world.team.opens_at == time(8, 30)
    assert world.team.closes_at == time(16, 30)
    assert world.team.region == "WLS"
    assert world.team.allows_voicemail
    assert world.team.mailbox_capacity == 30
    assert world.team.duty_number == "0161 496 0200"
    assert "opens_at" in _audited("line.settings")[0].detail


def test_settings_closing_before_opening_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings",
        data={**GOOD, "opens_at": "17:00", "closes_at": "09:00"},
    )
    body = text_of(response)

    db.session.refresh(world.team)
    assert response.status_code == 422
    assert page(response).title.startswith("Error:")
    assert "The closing time must be after the opening time" in body
    assert 'value="17:00"' in response.get_data(as_text=True)
    assert world.team.opens_at == time(9, 0)


def test_settings_invalid_duty_number_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings", data={**GOOD, "duty_number": "12345"}
    )

    assert response.status_code == 422
    assert "Enter the duty number as a UK telephone number" in text_of(response)
    assert 'value="12345"' in response.get_data(as_text=True)


def test_settings_foreign_duty_number_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings",
        data={**GOOD, "duty_number": "+33 1 23 45 67 89"},
    )

    assert response.status_code == 422


def test_settings_bad_time_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings", data={**GOOD, "opens_at": "25:00"}
    )

    assert response.status_code == 422
    assert "Enter the opening time as a 24-hour time, like 09:00" in text_of(response)


def test_settings_time_in_clock_change_hour_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings", data={**GOOD, "opens_at": "01:30"}
    )

    assert response.status_code == 422
    assert "skipped or repeated when the clocks change" in text_of(response)


def test_settings_bad_mailbox_capacity_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings", data={**GOOD, "mailbox_capacity": "0"}
    )

    assert response.status_code == 422
    assert "from 1 to 999" in text_of(response)


def test_settings_refused_to_case_owner(world, login_as):
    client = login_as(world.owner)

    response = client.post(f"/lines/{world.team.id}/settings", data=GOOD)

    assert response.status_code == 403
    assert _audited("refused")


def test_settings_refused_to_other_teams_manager(world, build, login_as):
    other_manager = build.user("manager.mid", "manager", world.other)
    client = login_as(other_manager)

    assert client.get(f"/lines/{world.team.id}/settings").status_code == 403
    assert client.post(f"/lines/{world.team.id}/settings", data=GOOD).status_code == 403


def test_hours_check_shows_substitute_day_closed(world, login_as):
    client = login_as(world.manager)

    response = client.get(
        f"/lines/{world.team.id}/settings?checking=1"
        "&check-day=27&check-month=12&check-year=2027"
    )
    body = text_of(response)

    assert response.status_code == 200
    assert "closed, because Christmas Day (substitute day) is a public holiday" in body


def test_hours_check_notes_clock_change(world, login_as):
    client = login_as(world.manager)

    response = client.get(
        f"/lines/{world.team.id}/settings?checking=1"
        "&check-day=30&check-month=3&check-year=2025"
    )
    body = text_of(response)

    assert "Clocks go forward one hour at 1am" in body
    assert "closed, because Sunday is not a working day" in body


def test_hours_check_on_summer_weekday_gives_bst(world, login_as):
    client = login_as(world.manager)

    response = client.get(
        f"/lines/{world.team.id}/settings?checking=1"
        "&check-day=1&check-month=7&check-year=2025"
    )

    assert "open 09:00 BST to 17:00 BST" in text_of(response)


def test_hours_check_bad_date_explained(world, login_as):
    client = login_as(world.manager)

    response = client.get(
        f"/lines/{world.team.id}/settings?checking=1"
        "&check-day=31&check-month=2&check-year=2025"
    )

    assert "The day to check must be a real date" in text_of(response)


def test_message_defaults_to_recommended_wording(world, login_as):
    client = login_as(world.manager)

    body = text_of(client.get(f"/lines/{world.team.id}/message"))

    assert (
        "Thank you for calling the Home Office Immigration Enforcement criminal "
        "casework North West. Our office is now closed. Please call "
        "back during office hours. Our normal operating hours are 9am to 5pm Monday "
        "to Friday, excluding public holidays."
    ) in body


def test_message_edit_keeps_history(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 5, 10, 0)
    client = login_as(world.manager)
    client.post(f"/lines/{world.team.id}/message", data={"text": "First version."})
    app.config["FROZEN_NOW"] = datetime(2026, 1, 5, 10, 5)
    client.post(f"/lines/{world.team.id}/message", data={"text": "Second version."})

    body = text_of(client.get(f"/lines/{world.team.id}/message"))

    assert db.session.query(OutOfHoursMessage).count() == 2
    assert body.index("Second version.") < body.index("First version.")
    assert "(current)" in body
    assert len(_audited("line.message")) == 2


def test_message_blank_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(f"/lines/{world.team.id}/message", data={"text": "  "})

    assert response.status_code == 422
    assert "Enter the message" in text_of(response)
    assert db.session.query(OutOfHoursMessage).count() == 0


def test_message_too_long_rejected_and_kept(world, login_as):
    client = login_as(world.manager)

    response = client.post(f"/lines/{world.team.id}/message", data={"text": "x" * 1001})

    assert response.status_code == 422
    assert "x" * 1001 in response.get_data(as_text=True)


def test_direct_line_saved_with_consent(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/staff/{world.owner.id}",
        data={"direct_line": "0161 496 0999", "consent": "yes"},
    )

    db.session.refresh(world.owner)
    assert response.status_code == 303
    assert world.owner.direct_line == "0161 496 0999"
    assert world.owner.direct_line_consent
    assert _audited("staff.direct_line")


def test_direct_line_invalid_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/staff/{world.owner.id}",
        data={"direct_line": "call me", "consent": "yes"},
    )

    assert response.status_code == 422
    assert "Enter the direct line as a UK telephone number" in text_of(response)


def test_direct_line_of_other_team_not_found(world, login_as):
    client = login_as(world.manager)

    response = client.get(f"/lines/{world.team.id}/staff/{world.other_owner.id}")

    assert response.status_code == 404


def test_training_list_shows_missing_courses(world, login_as):
    client = login_as(world.manager)

    response = client.get(f"/lines/{world.team.id}/staff")
    body = response.get_data(as_text=True)
    admin_row = body[body.index(f'id="member-{world.admin.id}"') :]
    admin_row = admin_row[: admin_row.index("</tr>")]

    assert response.status_code == 200
    assert admin_row.count("Missing") == 2  # call handling and information management
    assert "Not required" in admin_row  # difficult callers


def test_training_recorded_and_audited(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/training",
        data={
            "user_id": world.admin.id,
            "course": "call_handling",
            "completed_on-day": "3",
            "completed_on-month": "11",
            "completed_on-year": "2025",
        },
    )

    record = db.session.query(TrainingRecord).one()
    assert response.status_code == 303
    assert record.completed_on == date(2025, 11, 3)
    assert _audited("staff.training")


def test_training_future_date_rejected(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 5, 10, 0)
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/training",
        data={
            "user_id": world.admin.id,
            "course": "call_handling",
            "completed_on-day": "6",
            "completed_on-month": "1",
            "completed_on-year": "2026",
        },
    )

    assert response.status_code == 422
    assert "The completion date must be today or in the past" in text_of(response)


def test_training_for_other_team_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/training",
        data={
            "user_id": world.other_owner.id,
            "course": "call_handling",
            "completed_on-day": "1",
            "completed_on-month": "1",
            "completed_on-year": "2025",
        },
    )

    assert response.status_code == 422
    assert db.session.query(TrainingRecord).count() == 0


def test_message_with_staff_direct_line_rejected(world, login_as):
    world.owner.direct_line = "0161 496 0888"
    db.session.commit()
    client = login_as(world.manager)
    typed = "Office closed. For urgent matters ring Tom on 0161-496-0888."

    response = client.post(f"/lines/{world.team.id}/message", data={"text": typed})

    assert response.status_code == 422
    assert "contains a member of staff's direct telephone line" in text_of(response)
    assert 'href="#text"' in response.get_data(as_text=True)
    assert typed in text_of(response)
    assert db.session.query(OutOfHoursMessage).count() == 0


def test_message_with_duty_number_accepted(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/message",
        data={"text": "Office closed. Call 0161 496 0123 from 9am."},
    )

    assert response.status_code == 303
    assert db.session.query(OutOfHoursMessage).count() == 1


def test_settings_errors_follow_field_order(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings",
        data={
            **GOOD,
            "opens_at": "17:00",
            "closes_at": "09:00",
            "first_point": "",
            "mailbox_capacity": "lots",
        },
    )

    body = response.get_data(as_text=True)
    start = body.index('class="govuk-error-summary"')
    summary = body[start : body.index("</ul>", start)]
    assert response.status_code == 422
    assert summary.index('href="#closes_at"') < summary.index('href="#first_point"')
    assert summary.index('href="#first_point"') < summary.index(
        'href="#mailbox_capacity"'
    )


def test_overlong_mailbox_size_one_error(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        f"/lines/{world.team.id}/settings", data={**GOOD, "mailbox_capacity": "12345"}
    )

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert body.count('href="#mailbox_capacity"') == 1
