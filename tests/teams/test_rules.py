"""Unit tests for the line rules: training, rota checks, voicemail and input."""

from datetime import date, datetime, time

import pytest

from duty.auth.models import Role
from duty.extensions import db
from duty.teams.formdata import format_uk_phone, parse_clock
from duty.teams.line_models import TrainingRecord, Voicemail
from duty.teams.lines import (
    diversion_checks,
    diversion_problem,
    mailbox_warning,
    recommended_message,
    voicemail_due,
)
from duty.teams.models import Absence
from duty.teams.rota import absence_problems, cover_problems, rota_date_problem
from duty.teams.training import missing_courses, required_courses


@pytest.mark.parametrize(
    ("role", "courses"),
    [
        (Role.ADMIN_OFFICER, ["call_handling", "information_management"]),
        (
            Role.CASE_OWNER,
            ["call_handling", "difficult_callers", "information_management"],
        ),
        (
            Role.TEAM_LEADER,
            ["call_handling", "difficult_callers", "information_management"],
        ),
        (Role.MANAGER, ["call_handling", "information_management"]),
        (Role.ASSISTANT_DIRECTOR, ["information_management"]),
        (Role.TRAINEE, ["information_management"]),
    ],
)
def test_required_courses_by_role(build, role, courses):
    user = build.user(f"user.{role}", role)

    assert required_courses(user) == courses


def test_missing_courses_drops_completed(build):
    user = build.user("admin", Role.ADMIN_OFFICER)
    db.session.add(
        TrainingRecord(
            user_id=user.id, course="call_handling", completed_on=date.today()
        )
    )
    db.session.commit()

    assert missing_courses(user) == ["Information management (e-learning)"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:30", time(9, 30)),
        ("1700", time(17, 0)),
        ("5pm", time(17, 0)),
        ("5:30 PM", time(17, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("24:00", None),
        ("13pm", None),
        ("9:60", None),
        ("noon", None),
        ("", None),
    ],
)
def test_parse_clock_formats(raw, expected):
    assert parse_clock(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0161 496 0123", "0161 496 0123"),
        ("01614960123", "0161 496 0123"),
        ("+44 161 496 0123", "0161 496 0123"),
        ("020 7035 3535", "020 7035 3535"),
        ("12345", None),
        ("+33 1 23 45 67 89", None),
        ("not a number", None),
    ],
)
def test_uk_phone_validation(raw, expected):
    assert format_uk_phone(raw) == expected


def test_recommended_message_names_team(build):
    team = build.team("Criminal casework Wales")

    assert recommended_message(team).startswith(
        "Thank you for calling the Home Office Immigration Enforcement criminal "
        "casework Wales. Our office is now closed."
    )


def test_voicemail_due_follows_team_closing_time(build):
    team = build.team(closes_at=time(16, 0))

    due = voicemail_due(team, datetime(2022, 12, 23, 16, 0))

    assert due == datetime(2022, 12, 28, 16, 0)


def test_voicemail_due_in_summer_is_utc(build):
    team = build.team()

    due = voicemail_due(team, datetime(2025, 7, 1, 10, 0))

    assert due == datetime(2025, 7, 2, 16, 0)  # 17:00 BST


def test_voicemail_due_uses_scottish_holidays(build):
    team = build.team(region="SCT")

    # 2 January is a public holiday in Scotland only.
    due = voicemail_due(team, datetime(2026, 1, 1, 12, 0))

    assert due == datetime(2026, 1, 5, 17, 0)


def test_mailbox_warning_thresholds(build):
    team = build.team(allows_voicemail=True, mailbox_capacity=5)
    user = build.user("admin", Role.ADMIN_OFFICER, team)

    def add_message():
        db.session.add(
            Voicemail(
                team_id=team.id,
                left_at=datetime(2026, 1, 14, 8, 0),
                due_at=datetime(2026, 1, 15, 17, 0),
                logged_by_id=user.id,
            )
        )
        db.session.commit()

    for _ in range(3):
        add_message()
    assert mailbox_warning(team) is None
    add_message()
    assert mailbox_warning(team).startswith("The mailbox is nearly full")
    add_message()
    assert mailbox_warning(team).startswith("The mailbox is full")


def test_diversion_checks_skip_holidays(app, build):
    team = build.team()

    checks = diversion_checks(
        team, date(2022, 12, 23), date(2022, 12, 28), datetime(2022, 12, 28, 18, 0)
    )

    assert sorted({check.day for check in checks}) == [
        date(2022, 12, 23),
        date(2022, 12, 28),
    ]
    assert all(check.overdue for check in checks)


def test_diversion_due_follows_summer_time(app, build):
    team = build.team()
    day = date(2025, 7, 1)

    # 16:01 UTC is 17:01 BST, just past closing time.
    late = diversion_checks(team, day, day, datetime(2025, 7, 1, 16, 1))
    early = diversion_checks(team, day, day, datetime(2025, 7, 1, 15, 59))

    assert {check.kind: check.overdue for check in late}["diverted"]
    assert not {check.kind: check.overdue for check in early}["diverted"]


def test_diversion_problem_on_weekend(build):
    team = build.team()

    assert diversion_problem(team, date(2026, 1, 17), "diverted") is not None
    assert diversion_problem(team, date(2026, 1, 16), "diverted") is None
    assert diversion_problem(team, date(2026, 1, 16), "other") is not None


def test_rota_date_in_past_rejected():
    problem = rota_date_problem(date(2026, 1, 13), date(2026, 1, 14), "ENG")

    assert problem == "The rota date must be today or in the future"


def test_rota_date_on_substitute_day_rejected():
    problem = rota_date_problem(date(2022, 12, 27), date(2022, 12, 20), "ENG")

    assert "Christmas Day (substitute day) is a public holiday" in problem


def test_rota_date_on_working_day_accepted():
    assert rota_date_problem(date(2026, 1, 15), date(2026, 1, 14), "ENG") is None


def test_absence_end_before_start_rejected(build):
    user = build.user("owner")

    problems = absence_problems(user, date(2026, 1, 20), date(2026, 1, 19), "")

    assert problems[0][0] == "ends_on-day"


def test_absence_overlap_rejected_but_other_half_day_allowed(build):
    user = build.user("owner")
    day = date(2026, 1, 20)
    db.session.add(Absence(user_id=user.id, starts_on=day, ends_on=day, part_day="am"))
    db.session.commit()

    assert absence_problems(user, day, day, "pm") == []
    assert absence_problems(user, day, day, "am")
    assert absence_problems(user, day, day, "")


def test_cover_problems_for_absent_cover(build):
    team = build.team()
    absent = build.user("owner", Role.CASE_OWNER, team)
    cover = build.user("cover", Role.CASE_OWNER, team)
    day = date(2026, 1, 20)
    for person in (absent, cover):
        db.session.add(Absence(user_id=person.id, starts_on=day, ends_on=day))
    db.session.commit()

    problems = cover_problems(team, absent, cover, day)

    assert problems == [
        (
            "cover_user_id",
            "Cover is absent on 20 January 2026. Select someone who is in",
        )
    ]


def test_cover_problems_for_self_cover(build):
    team = build.team()
    absent = build.user("owner", Role.CASE_OWNER, team)

    problems = cover_problems(team, absent, absent, date(2026, 1, 20))

    assert ("cover_user_id", "Select someone other than the absent person") in problems


def test_cover_problems_for_non_call_role(build):
    team = build.team()
    absent = build.user("owner", Role.CASE_OWNER, team)
    director = build.user("director", Role.ASSISTANT_DIRECTOR, team)

    problems = cover_problems(team, absent, director, date(2026, 1, 20))

    assert problems == [("cover_user_id", "Director does not take calls")]
