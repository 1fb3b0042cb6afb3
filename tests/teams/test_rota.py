"""Absences, rota cover, who answers first, and routing that follows the rota."""

from datetime import date, datetime

import pytest

from duty.audit import AuditEvent
from duty.auth.models import Role
from duty.calls.models import Call
from duty.extensions import db
from duty.teams.line_models import FirstAnswerer, TrainingRecord
from duty.teams.models import Absence, RotaCover
from tests.calls.helpers import answer, start, to_reference
from tests.conftest import page, text_of

WEDNESDAY = datetime(2026, 1, 14, 10, 0)


def _date(prefix, day: date) -> dict:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def _absence(user, first: date, last: date, part_day="") -> dict:
    return {
        "user_id": user.id,
        **_date("starts_on", first),
        **_date("ends_on", last),
        "part_day": part_day,
        "reason": "Annual leave",
    }


def _cover(absent, cover, day: date) -> dict:
    return {
        "absent_user_id": absent.id,
        "cover_user_id": cover.id,
        **_date("cover_on", day),
    }


@pytest.fixture
def rota_world(app, world, build):
    app.config["FROZEN_NOW"] = WEDNESDAY
    world.spare = build.user("spare", Role.CASE_OWNER, world.team, name="Ana Lima")
    return world


@pytest.fixture
def manager(rota_world, login_as):
    return login_as(rota_world.manager)


def test_absence_recorded_and_audited(rota_world, manager):
    day = date(2026, 1, 14)

    response = manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, day, day),
    )

    absence = db.session.query(Absence).one()
    assert response.status_code == 303
    assert absence.user_id == rota_world.owner.id
    assert db.session.query(AuditEvent).filter_by(action="rota.absence_add").count()


def test_absence_ending_before_start_rejected(rota_world, manager):
    response = manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, date(2026, 1, 20), date(2026, 1, 19)),
    )

    assert response.status_code == 422
    page(response)
    assert "The end date must be the same as or after the start date" in text_of(
        response
    )
    assert 'value="Annual leave"' in response.get_data(as_text=True)
    assert db.session.query(Absence).count() == 0


def test_overlapping_absences_rejected(rota_world, manager):
    team_id = rota_world.team.id
    manager.post(
        f"/lines/{team_id}/absences",
        data=_absence(rota_world.owner, date(2026, 1, 19), date(2026, 1, 23)),
    )

    response = manager.post(
        f"/lines/{team_id}/absences",
        data=_absence(rota_world.owner, date(2026, 1, 22), date(2026, 1, 26)),
    )

    assert response.status_code == 422
    assert "already has an absence from 19 January 2026 to 23 January 2026" in text_of(
        response
    )
    assert db.session.query(Absence).count() == 1


def test_morning_and_afternoon_absences_may_share_a_day(rota_world, manager):
    team_id = rota_world.team.id
    day = date(2026, 1, 19)
    manager.post(
        f"/lines/{team_id}/absences", data=_absence(rota_world.owner, day, day, "am")
    )

    response = manager.post(
        f"/lines/{team_id}/absences", data=_absence(rota_world.owner, day, day, "pm")
    )

    assert response.status_code == 303
    assert db.session.query(Absence).count() == 2


def test_part_day_absence_over_several_days_rejected(rota_world, manager):
    response = manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, date(2026, 1, 19), date(2026, 1, 20), "am"),
    )

    assert response.status_code == 422
    assert "must start and end on the same day" in text_of(response)


def test_absence_for_other_team_member_rejected(rota_world, manager):
    day = date(2026, 1, 19)

    response = manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.other_owner, day, day),
    )

    assert response.status_code == 422
    assert "Chloé Martin is in another team" in text_of(response)


def test_absence_refused_to_case_owner(rota_world, login_as):
    client = login_as(rota_world.owner)
    day = date(2026, 1, 19)

    response = client.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, day, day),
    )

    assert response.status_code == 403


def test_cover_set_for_absent_colleague(rota_world, manager):
    day = date(2026, 1, 15)
    manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, day, day),
    )

    response = manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
    )

    cover = db.session.query(RotaCover).one()
    assert response.status_code == 303
    assert cover.cover_user_id == rota_world.spare.id
    assert db.session.query(AuditEvent).filter_by(action="rota.cover_set").count()


def _away(user, first: date, last: date) -> None:
    db.session.add(Absence(user_id=user.id, starts_on=first, ends_on=last))
    db.session.commit()


def test_cover_range_skips_weekend(rota_world, manager):
    _away(rota_world.owner, date(2026, 1, 15), date(2026, 1, 20))

    response = manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data={
            **_cover(rota_world.owner, rota_world.spare, date(2026, 1, 15)),
            **_date("cover_until", date(2026, 1, 20)),
        },
        follow_redirects=True,
    )

    days = sorted(row.on_date for row in db.session.query(RotaCover))
    assert days == [date(2026, 1, day) for day in (15, 16, 19, 20)]
    assert "on 4 working days from 15 January to 20 January 2026" in text_of(response)
    assert db.session.query(AuditEvent).filter_by(action="rota.cover_set").count() == 4


def test_cover_range_names_day_not_absent(rota_world, manager):
    _away(rota_world.owner, date(2026, 1, 15), date(2026, 1, 16))
    form = {
        **_cover(rota_world.owner, rota_world.spare, date(2026, 1, 15)),
        **_date("cover_until", date(2026, 1, 20)),
    }

    response = manager.post(f"/lines/{rota_world.team.id}/covers", data=form)

    body = text_of(response)
    assert response.status_code == 422
    assert "Tom O'Connor is not absent on 19 January 2026" in body
    assert "1 other working day in the range also cannot be covered" in body
    assert db.session.query(RotaCover).count() == 0
    assert 'name="cover_until-day" type="text" value="20"' in response.get_data(
        as_text=True
    )


def test_cover_range_ending_before_start_rejected(rota_world, manager):
    _away(rota_world.owner, date(2026, 1, 15), date(2026, 1, 16))
    form = {
        **_cover(rota_world.owner, rota_world.spare, date(2026, 1, 16)),
        **_date("cover_until", date(2026, 1, 15)),
    }

    response = manager.post(f"/lines/{rota_world.team.id}/covers", data=form)

    assert response.status_code == 422
    assert (
        "The last day of cover must be the same as or after the rota date"
        in text_of(response)
    )
    assert 'href="#cover_until-day"' in response.get_data(as_text=True)
    assert "cover_until-day" in page(response).ids


def test_cover_range_longer_than_limit_rejected(rota_world, manager):
    _away(rota_world.owner, date(2026, 1, 15), date(2026, 3, 31))
    form = {
        **_cover(rota_world.owner, rota_world.spare, date(2026, 1, 15)),
        **_date("cover_until", date(2026, 2, 15)),
    }

    response = manager.post(f"/lines/{rota_world.team.id}/covers", data=form)

    assert response.status_code == 422
    assert "Set cover for at most 31 days at a time" in text_of(response)
    assert db.session.query(RotaCover).count() == 0


def test_cover_range_with_impossible_last_day(rota_world, manager):
    _away(rota_world.owner, date(2026, 1, 15), date(2026, 1, 16))
    form = {
        **_cover(rota_world.owner, rota_world.spare, date(2026, 1, 15)),
        "cover_until-day": "31",
        "cover_until-month": "2",
        "cover_until-year": "2026",
    }

    response = manager.post(f"/lines/{rota_world.team.id}/covers", data=form)

    assert response.status_code == 422
    assert "The last day of cover must be a real date" in text_of(response)


def test_cover_changed_replaces_earlier_choice(rota_world, manager):
    day = date(2026, 1, 15)
    team_id = rota_world.team.id
    manager.post(
        f"/lines/{team_id}/absences", data=_absence(rota_world.owner, day, day)
    )
    manager.post(
        f"/lines/{team_id}/covers", data=_cover(rota_world.owner, rota_world.spare, day)
    )

    manager.post(
        f"/lines/{team_id}/covers",
        data=_cover(rota_world.owner, rota_world.leader, day),
    )

    assert db.session.query(RotaCover).one().cover_user_id == rota_world.leader.id


def test_cover_for_date_in_past_rejected(rota_world, manager):
    day = date(2026, 1, 13)
    db.session.add(Absence(user_id=rota_world.owner.id, starts_on=day, ends_on=day))
    db.session.commit()

    response = manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
    )

    assert response.status_code == 422
    assert "The rota date must be today or in the future" in text_of(response)


def test_cover_who_is_absent_rejected(rota_world, manager):
    day = date(2026, 1, 15)
    for person in (rota_world.owner, rota_world.spare):
        db.session.add(Absence(user_id=person.id, starts_on=day, ends_on=day))
    db.session.commit()

    response = manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
    )

    assert response.status_code == 422
    assert "Ana Lima is absent on 15 January 2026" in text_of(response)


def test_cover_in_other_team_rejected(rota_world, manager):
    day = date(2026, 1, 15)
    db.session.add(Absence(user_id=rota_world.owner.id, starts_on=day, ends_on=day))
    db.session.commit()

    response = manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.other_owner, day),
    )

    assert response.status_code == 422
    assert "Chloé Martin is in another team" in text_of(response)
    assert db.session.query(RotaCover).count() == 0


def test_cover_for_someone_not_absent_rejected(rota_world, manager):
    response = manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, date(2026, 1, 15)),
    )

    assert response.status_code == 422
    assert "Tom O'Connor is not absent on 15 January 2026" in text_of(response)


def test_cover_on_christmas_substitute_day_rejected(app, rota_world, login_as):
    app.config["FROZEN_NOW"] = datetime(2027, 12, 20, 10, 0)
    client = login_as(rota_world.manager)
    day = date(2027, 12, 27)  # Christmas Day 2027 is a Saturday
    db.session.add(Absence(user_id=rota_world.owner.id, starts_on=day, ends_on=day))
    db.session.commit()

    response = client.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
    )

    assert response.status_code == 422
    assert (
        "The line is closed on Monday 27 December 2027 because Christmas Day (substitute day) "
        "is a public holiday." in text_of(response)
    )


def test_cover_on_clock_change_day_rejected(app, rota_world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 3, 23, 10, 0)
    client = login_as(rota_world.manager)
    day = date(2026, 3, 29)  # the Sunday the clocks go forward

    response = client.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
    )

    body = text_of(response)
    assert response.status_code == 422
    assert "Sunday is not a working day" in body
    assert "Clocks go forward one hour at 1am" in body


def test_cover_warns_about_missing_training(rota_world, manager):
    day = date(2026, 1, 15)
    db.session.add(Absence(user_id=rota_world.owner.id, starts_on=day, ends_on=day))
    db.session.commit()

    response = manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
        follow_redirects=True,
    )

    body = text_of(response)
    assert "Ana Lima has not completed:" in body
    assert "Dealing with difficult callers" in body


def test_first_answerer_appointed(rota_world, manager):
    response = manager.post(
        f"/lines/{rota_world.team.id}/first-answerer",
        data={
            "first_user_id": rota_world.admin.id,
            **_date("first_on", date(2026, 1, 14)),
        },
        follow_redirects=True,
    )

    row = db.session.query(FirstAnswerer).one()
    assert row.user_id == rota_world.admin.id
    assert "Answers the line first: Priya Shah" in text_of(response)
    assert "Priya Shah has not completed" in text_of(response)


def test_first_answerer_fully_trained_has_no_warning(rota_world, manager):
    for course in ("call_handling", "information_management"):
        db.session.add(
            TrainingRecord(
                user_id=rota_world.admin.id,
                course=course,
                completed_on=date(2025, 1, 1),
            )
        )
    db.session.commit()

    response = manager.post(
        f"/lines/{rota_world.team.id}/first-answerer",
        data={
            "first_user_id": rota_world.admin.id,
            **_date("first_on", date(2026, 1, 14)),
        },
        follow_redirects=True,
    )

    assert "has not completed" not in text_of(response)


def test_first_answerer_absent_rejected(rota_world, manager):
    day = date(2026, 1, 14)
    db.session.add(Absence(user_id=rota_world.admin.id, starts_on=day, ends_on=day))
    db.session.commit()

    response = manager.post(
        f"/lines/{rota_world.team.id}/first-answerer",
        data={"first_user_id": rota_world.admin.id, **_date("first_on", day)},
    )

    assert response.status_code == 422
    assert "Priya Shah is absent on 14 January 2026" in text_of(response)


def test_todays_rota_shown_to_person_answering(rota_world, login_as):
    day = date(2026, 1, 14)
    db.session.add(Absence(user_id=rota_world.owner.id, starts_on=day, ends_on=day))
    db.session.add(
        RotaCover(
            team_id=rota_world.team.id,
            on_date=day,
            absent_user_id=rota_world.owner.id,
            cover_user_id=rota_world.spare.id,
        )
    )
    db.session.add(
        FirstAnswerer(
            team_id=rota_world.team.id, on_date=day, user_id=rota_world.admin.id
        )
    )
    db.session.commit()
    client = login_as(rota_world.admin)

    body = text_of(client.get(f"/lines/{rota_world.team.id}"))

    assert "Answers the line first: Priya Shah" in body
    assert "Tom O'Connor All day Ana Lima (rota cover)" in body


def test_routing_follows_rota_cover(rota_world, login_as):
    day = date(2026, 1, 14)
    manager = login_as(rota_world.manager)
    manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, day, day),
    )
    manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
    )
    client = login_as(rota_world.admin)
    public_id = start(client, rota_world.team)
    to_reference(client, public_id)

    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    answer(client, public_id, {"enquiry": "Wants to know about travel documents"})
    answer(client, public_id, {})

    db.session.expire_all()
    call = db.session.query(Call).filter_by(public_id=public_id).one()
    assert call.passed_to_id == rota_world.spare.id


def test_routing_without_cover_goes_to_team_leader(rota_world, login_as):
    day = date(2026, 1, 14)
    manager = login_as(rota_world.manager)
    manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, day, day),
    )
    client = login_as(rota_world.admin)
    public_id = start(client, rota_world.team)
    to_reference(client, public_id)

    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    answer(client, public_id, {"enquiry": "Wants to know about travel documents"})
    answer(client, public_id, {})

    db.session.expire_all()
    call = db.session.query(Call).filter_by(public_id=public_id).one()
    assert call.passed_to_id == rota_world.leader.id


def _owner_covered_by_spare(rota_world, manager, day: date) -> None:
    manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.owner, day, day),
    )
    manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data=_cover(rota_world.owner, rota_world.spare, day),
    )


def test_rota_skips_cover_now_absent(rota_world, manager):
    day = date(2026, 1, 14)
    _owner_covered_by_spare(rota_world, manager, day)
    manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.spare, day, day),
    )

    body = text_of(manager.get(f"/lines/{rota_world.team.id}/rota?day=2026-01-14"))

    assert "Ana Lima (rota cover)" not in body
    assert (
        "Tom O'Connor All day The team leader (Ana Lima, the rota cover, is absent)"
        in body
    )


def test_routing_skips_cover_now_absent(rota_world, manager, login_as):
    day = date(2026, 1, 14)
    _owner_covered_by_spare(rota_world, manager, day)
    manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.spare, day, day),
    )
    client = login_as(rota_world.admin)
    public_id = start(client, rota_world.team)
    to_reference(client, public_id)

    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    answer(client, public_id, {"enquiry": "Wants to know about travel documents"})
    answer(client, public_id, {})

    db.session.expire_all()
    call = db.session.query(Call).filter_by(public_id=public_id).one()
    assert call.passed_to_id == rota_world.leader.id


def test_rota_cover_absent_half_day_split(rota_world, manager):
    day = date(2026, 1, 15)
    _owner_covered_by_spare(rota_world, manager, day)
    manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.spare, day, day, part_day="am"),
    )

    body = text_of(manager.get(f"/lines/{rota_world.team.id}/rota?day=2026-01-15"))

    assert (
        "Morning: The team leader (Ana Lima, the rota cover, is absent); "
        "Afternoon: Ana Lima (rota cover)" in body
    )


def test_rota_cover_and_leader_absent_goes_to_manager(rota_world, manager):
    day = date(2026, 1, 15)
    _owner_covered_by_spare(rota_world, manager, day)
    for person in (rota_world.spare, rota_world.leader):
        manager.post(
            f"/lines/{rota_world.team.id}/absences", data=_absence(person, day, day)
        )

    body = text_of(manager.get(f"/lines/{rota_world.team.id}/rota?day=2026-01-15"))

    assert (
        "A manager (Ana Lima, the rota cover, is absent, and the team leader is "
        "absent)" in body
    )


def test_absence_of_cover_warns_with_days(rota_world, manager):
    _away(rota_world.owner, date(2026, 1, 15), date(2026, 1, 20))
    manager.post(
        f"/lines/{rota_world.team.id}/covers",
        data={
            **_cover(rota_world.owner, rota_world.spare, date(2026, 1, 15)),
            **_date("cover_until", date(2026, 1, 20)),
        },
    )

    response = manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.spare, date(2026, 1, 16), date(2026, 1, 30)),
        follow_redirects=True,
    )

    assert (
        "Ana Lima is rota cover on 16 January 2026, 19 January 2026, "
        "20 January 2026. While they are away, the calls they cover go to the "
        "team leader unless you set another cover." in text_of(response)
    )


def test_absence_without_cover_duty_not_warned(rota_world, manager):
    response = manager.post(
        f"/lines/{rota_world.team.id}/absences",
        data=_absence(rota_world.spare, date(2026, 1, 16), date(2026, 1, 16)),
        follow_redirects=True,
    )

    assert "is rota cover on" not in text_of(response)
