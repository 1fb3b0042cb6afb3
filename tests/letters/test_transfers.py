from datetime import timedelta

import pytest
from sqlalchemy import select

from duty.audit import AuditEvent
from duty.auth.models import Role
from duty.cases.models import Case
from duty.extensions import db
from duty.followups.models import FollowUp
from duty.letters.models import LetterTask
from duty.letters.moves import duty_numbers_differ
from duty.timeutil import utcnow
from tests.conftest import page, text_of
from tests.letters.helpers import case_in


def _move(client, case, team, permanent="yes"):
    return client.post(
        f"/cases/{case.reference}/transfer",
        data={"team_id": str(team.id), "permanent": permanent},
    )


def _tasks(case) -> list[LetterTask]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(LetterTask).where(LetterTask.case_id == case.id).order_by("id")
        )
    )


def _actions(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    )


def test_permanent_transfer_task_appears_for_new_team(world, build, login_as, client):
    case = case_in(build, world.team, "prison", owner=world.owner)
    login_as(world.leader)

    moved = _move(client, case, world.other)
    client.post("/logout")
    login_as(world.other_owner)
    response = client.get("/letters/tasks")

    assert moved.status_code == 303
    assert response.status_code == 200
    page(response)
    text = text_of(response)
    assert f"{case.reference} – {case.full_name}" in text
    assert "Foreign national offender" in text
    assert "Legal representative (Harrow & Co Solicitors)" in text.replace("&amp;", "&")
    assert "Criminal casework North West (0161 496 0123)" in text
    assert len(_actions("letter_task.list")) == 1


def test_transfer_moves_case_and_audits(world, build, login_as):
    case = case_in(build, world.team, "prison", owner=world.owner)
    client = login_as(world.manager)

    response = _move(client, case, world.other)

    db.session.expire_all()
    moved = db.session.get(Case, case.id)
    assert response.headers["Location"].endswith("/cases")
    assert moved.team_id == world.other.id
    assert moved.owner_id is None
    [event] = _actions("case.transfer")
    assert event.object_id == case.reference
    assert event.detail == f"team {world.team.id} to team {world.other.id}, permanent"
    tasks = _tasks(case)
    assert [task.recipient for task in tasks] == ["offender", "representative"]
    assert all(task.team_id == world.other.id for task in tasks)
    assert tasks[0].from_duty_number == "0161 496 0123"
    assert tasks[0].to_duty_number == "0121 496 0456"
    assert len(_actions("letter_task.raise")) == 2
    assert "That team has been given the task" in text_of(
        client.get(response.headers["Location"])
    )


def test_temporary_transfer_raises_no_task(world, build, login_as):
    case = case_in(build, world.team, "prison")
    client = login_as(world.leader)

    response = _move(client, case, world.other, permanent="no")

    assert response.status_code == 303
    assert _tasks(case) == []


def test_same_duty_number_raises_no_task(world, build, login_as):
    twin = build.team("Criminal casework North West annexe", duty_number="01614960123")
    case = case_in(build, world.team, "prison")
    client = login_as(world.leader)

    _move(client, case, twin)

    db.session.expire_all()
    assert db.session.get(Case, case.id).team_id == twin.id
    assert _tasks(case) == []


def test_letter_completes_transfer_task(world, build, login_as, client):
    case = case_in(build, world.team, "prison")
    login_as(world.leader)
    _move(client, case, world.other)
    client.post("/logout")
    login_as(world.other_owner)

    register = client.get(f"/cases/{case.reference}/letters")
    proposal = client.get(
        f"/cases/{case.reference}/letters/new",
        query_string={"recipient": "offender", "purpose": "transfer"},
    )
    created = client.post(
        f"/cases/{case.reference}/letters",
        data={"recipient": "offender", "purpose": "transfer", "template": "ICD.4489"},
    )

    assert "Send the letter again to the foreign national offender" in text_of(register)
    assert "different duty number" in text_of(proposal)
    assert created.status_code == 303
    offender_task, rep_task = _tasks(case)
    assert offender_task.outcome == "sent"
    assert offender_task.done_at is not None
    assert offender_task.letter.duty_number == "0121 496 0456"
    assert rep_task.done_at is None
    remaining = text_of(client.get("/letters/tasks"))
    assert "Legal representative" in remaining
    assert "Foreign national offender" not in remaining


def test_reply_does_not_complete_task(world, build, login_as, client):
    case = case_in(build, world.team, "prison")
    login_as(world.leader)
    _move(client, case, world.other)
    client.post("/logout")
    login_as(world.other_owner)

    client.post(
        f"/cases/{case.reference}/replies",
        data={"recipient": "offender", "reply_method": "post", "body": "Thank you."},
    )

    assert all(task.done_at is None for task in _tasks(case))


def test_second_transfer_supersedes_open_tasks(world, build, login_as, client):
    third = build.team("Criminal casework Scotland", duty_number="0131 496 0789")
    leader = build.user("leader.mid", Role.TEAM_LEADER, world.other)
    case = case_in(build, world.team, "prison")
    login_as(world.leader)
    _move(client, case, world.other)
    client.post("/logout")
    login_as(leader)

    _move(client, case, third)

    tasks = _tasks(case)
    assert [task.outcome for task in tasks] == [
        "superseded",
        "superseded",
        None,
        None,
    ]
    assert {task.team_id for task in tasks if task.outcome is None} == {third.id}


def test_old_team_loses_case(world, build, login_as):
    case = case_in(build, world.team, "prison")
    client = login_as(world.leader)
    _move(client, case, world.other)

    response = client.get(f"/cases/{case.reference}/letters")

    assert response.status_code == 403


def _follow_up(case, owner, done=False) -> FollowUp:
    due = utcnow() + timedelta(days=2)
    follow_up = FollowUp(
        team_id=case.team_id,
        case_id=case.id,
        owner_id=owner.id,
        created_by_id=owner.id,
        kind="call_back",
        due_at=due,
        first_due_at=due,
        done_at=utcnow() if done else None,
    )
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


def test_open_follow_ups_move_with_case(world, build, login_as):
    case = case_in(build, world.team, "prison", owner=world.owner)
    open_one = _follow_up(case, world.owner)
    done_one = _follow_up(case, world.owner, done=True)
    client = login_as(world.leader)

    _move(client, case, world.other, permanent="no")

    db.session.expire_all()
    assert db.session.get(FollowUp, open_one.id).team_id == world.other.id
    assert db.session.get(FollowUp, open_one.id).owner_id == world.owner.id
    assert db.session.get(FollowUp, done_one.id).team_id == world.team.id


def test_transfer_form_errors(world, login_as):
    client = login_as(world.leader)

    response = client.post(
        f"/cases/{world.case.reference}/transfer",
        data={"team_id": str(world.team.id), "permanent": "maybe"},
    )

    text = text_of(response)
    assert response.status_code == 422
    assert "Select the team the case moves to" in text
    assert "Select whether the move is permanent" in text
    assert page(response).title.startswith("Error:")
    assert _tasks(world.case) == []


@pytest.mark.parametrize("team_id", ["", "abc", "99999"])
def test_transfer_to_unknown_team_refused(world, login_as, team_id):
    client = login_as(world.leader)

    response = client.post(
        f"/cases/{world.case.reference}/transfer",
        data={"team_id": team_id, "permanent": "yes"},
    )

    assert response.status_code == 422
    assert 'value="yes" checked' in response.get_data(as_text=True)


def test_transfer_form_lists_other_teams(world, login_as):
    client = login_as(world.manager)

    response = client.get(f"/cases/{world.case.reference}/transfer")

    text = text_of(response)
    assert response.status_code == 200
    page(response)
    assert "Criminal casework Midlands" in text
    assert "Duty number 0121 496 0456" in text
    assert len(_actions("case.transfer_form")) == 1


@pytest.mark.parametrize(
    "role",
    [Role.CASE_OWNER, Role.ADMIN_OFFICER, Role.TRAINEE, Role.ASSISTANT_DIRECTOR],
)
def test_transfer_refused_to_other_roles(world, build, login_as, role):
    user = build.user(f"user.{role}", role, world.team)
    client = login_as(user)

    shown = client.get(f"/cases/{world.case.reference}/transfer")
    moved = _move(client, world.case, world.other)

    assert shown.status_code == 403
    assert moved.status_code == 403
    assert _tasks(world.case) == []
    assert len(_actions("refused")) == 2


def test_transfer_refused_to_other_team_manager(world, build, login_as):
    manager = build.user("manager.mid", Role.MANAGER, world.other)
    client = login_as(manager)

    response = _move(client, world.case, world.other)

    assert response.status_code == 403
    assert _tasks(world.case) == []


@pytest.mark.parametrize("role", [Role.ADMIN_OFFICER, Role.TRAINEE])
def test_task_list_refused(world, build, login_as, role):
    client = login_as(build.user(f"user.{role}", role, world.team))

    assert client.get("/letters/tasks").status_code == 403


def test_task_list_empty(world, login_as):
    client = login_as(world.owner)

    response = client.get("/letters/tasks")

    assert "There are no letters to send again." in text_of(response)


def test_register_offers_transfer_to_leaders_only(world, login_as, client):
    login_as(world.leader)
    leader_page = client.get(f"/cases/{world.case.reference}/letters")
    client.post("/logout")
    login_as(world.owner)
    owner_page = client.get(f"/cases/{world.case.reference}/letters")

    assert "Move the case to another team" in text_of(leader_page)
    assert "Move the case to another team" not in text_of(owner_page)


@pytest.mark.parametrize(
    ("first", "second", "differ"),
    [
        ("0161 496 0123", "01614960123", False),
        ("0161 496 0123", "+44 161 496 0123", False),
        ("0161 496 0123", "0121 496 0456", True),
        (None, "0121 496 0456", True),
        (None, "", False),
    ],
)
def test_duty_numbers_differ(first, second, differ):
    assert duty_numbers_differ(first, second) is differ


def test_navigation_shows_task_list_to_casework(world, login_as, client):
    login_as(world.owner)
    owner_home = client.get("/").get_data(as_text=True)
    client.post("/logout")
    login_as(world.admin)
    admin_home = client.get("/").get_data(as_text=True)

    assert 'href="/letters/tasks"' in owner_home
    assert 'href="/letters/tasks"' not in admin_home
