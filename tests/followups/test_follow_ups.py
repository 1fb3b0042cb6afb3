from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from duty.auth.models import Role
from duty.extensions import db
from duty.followups import service
from duty.followups.models import FollowUp
from tests.calls.handling import FROZEN_NOW, audits, freeze
from tests.conftest import login, text_of


def _follow_up(world, owner, due_at, **fields) -> FollowUp:
    follow_up = FollowUp(
        team_id=world.team.id,
        case_id=world.case.id,
        owner_id=owner.id,
        created_by_id=owner.id,
        kind=fields.pop("kind", "call_back"),
        detail=fields.pop("detail", "Ring back about bail"),
        due_at=due_at,
        first_due_at=due_at,
        **fields,
    )
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


@pytest.fixture
def frozen(app):
    freeze(app)


def test_due_in_working_days_skips_christmas(world):
    world.team.region = "ENG"
    friday = datetime(2022, 12, 23, 16, 0)

    due = service.due_from_choice("2", None, world.team, friday)

    assert due.at == datetime(2022, 12, 29, 17, 0)


def test_due_today_after_close_is_refused(world):
    evening = datetime(2026, 12, 2, 17, 30)

    due = service.due_from_choice("today", None, world.team, evening)

    assert due.at is None
    assert "The line has closed for today" in due.error.message


def test_due_from_weekend_counts_from_monday(world):
    saturday = datetime(2026, 12, 5, 10, 0)

    assert service.due_from_choice("1", None, world.team, saturday).at == datetime(
        2026, 12, 7, 17, 0
    )
    assert service.due_from_choice("2", None, world.team, saturday).at == datetime(
        2026, 12, 8, 17, 0
    )


def test_scottish_team_skips_its_holiday(build):
    team = build.team("Criminal casework Scotland", region="SCT")
    new_year = datetime(2026, 12, 31, 10, 0)

    due = service.due_from_choice("1", None, team, new_year)

    # 1 and 2 January 2027 are Scottish bank holidays; 2 January is a Saturday
    # so Monday 4 January is its substitute, leaving Tuesday 5 January.
    assert due.at == datetime(2027, 1, 5, 17, 0)


def test_my_follow_ups_lists_only_mine(frozen, world, login_as):
    _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=3))
    _follow_up(world, world.leader, FROZEN_NOW + timedelta(hours=3), detail="Not mine")
    client = login_as(world.owner)

    body = text_of(client.get("/follow-ups"))

    assert "Ring back about bail" in body
    assert "Not mine" not in body
    assert "B1234567" in body


def test_mark_done_removes_from_my_list(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=3))
    client = login_as(world.owner)

    client.post(f"/follow-ups/{follow_up.id}/done")
    client.post(f"/follow-ups/{follow_up.id}/done")

    db.session.expire_all()
    assert follow_up.done_at == FROZEN_NOW
    assert follow_up.done_by_id == world.owner.id
    assert len(audits("follow_up.done")) == 1
    assert "Ring back about bail" not in text_of(client.get("/follow-ups"))


def test_other_users_follow_up_is_refused(frozen, world, login_as):
    follow_up = _follow_up(world, world.leader, FROZEN_NOW + timedelta(hours=3))
    client = login_as(world.owner)

    assert client.post(f"/follow-ups/{follow_up.id}/done").status_code == 403
    assert client.get(f"/follow-ups/{follow_up.id}/delay").status_code == 403
    db.session.expire_all()
    assert follow_up.done_at is None
    assert audits("refused")[-1].object_id == str(follow_up.id)


def test_team_overdue_list(frozen, world, login_as, build):
    _follow_up(world, world.owner, FROZEN_NOW - timedelta(hours=1), detail="Late one")
    _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=1), detail="Not late")
    done = _follow_up(world, world.owner, FROZEN_NOW - timedelta(days=1), detail="Done")
    done.done_at = FROZEN_NOW
    db.session.commit()
    client = login_as(world.manager)

    body = text_of(client.get("/follow-ups/overdue"))

    assert "Late one" in body
    assert "Tom O'Connor" in body
    assert "Not late" not in body
    assert "Done" not in body.replace("Mark done", "")


def test_overdue_list_is_for_leaders_and_managers(frozen, world, login_as):
    client = login_as(world.owner)

    assert client.get("/follow-ups/overdue").status_code == 403


def test_manager_marks_team_follow_up_done(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW - timedelta(hours=1))
    client = login_as(world.manager)

    response = client.post(f"/follow-ups/{follow_up.id}/done", data={"back": "overdue"})

    assert response.headers["Location"].endswith("/follow-ups/overdue")
    db.session.expire_all()
    assert follow_up.done_by_id == world.manager.id


def test_follow_up_team_leader_acts_not_owners_leader(frozen, world, build, client):
    """The team that may act is the follow-up's (its case's), not its owner's."""
    follow_up = _follow_up(world, world.other_owner, FROZEN_NOW + timedelta(hours=3))
    owners_leader = build.user("leader.mid", Role.TEAM_LEADER, world.other)
    delay = f"/follow-ups/{follow_up.id}/delay"

    login(client, world.leader.username)
    case_team_leader = client.get(delay).status_code
    client.post("/logout")
    login(client, owners_leader.username)
    owner_team_leader = client.get(delay).status_code
    client.post("/logout")
    login(client, world.other_owner.username)
    owner = client.get(delay).status_code

    assert case_team_leader == 200
    assert owner_team_leader == 403
    assert owner == 200


def test_delay_told_before_due_moves_due(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=3))
    client = login_as(world.owner)

    response = client.post(f"/follow-ups/{follow_up.id}/delay", data={"due_in": "2"})

    assert response.status_code == 303
    db.session.expire_all()
    assert follow_up.caller_told_of_delay_at == FROZEN_NOW
    assert follow_up.due_at == datetime(2026, 12, 4, 17, 0)
    assert follow_up.first_due_at == FROZEN_NOW + timedelta(hours=3)


def test_delay_after_due_is_refused(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW - timedelta(minutes=1))
    client = login_as(world.owner)

    response = client.post(f"/follow-ups/{follow_up.id}/delay", data={"due_in": "2"})

    assert response.status_code == 422
    assert "The due time has passed" in text_of(response)
    db.session.expire_all()
    assert follow_up.caller_told_of_delay_at is None


def test_delay_with_past_date_is_refused(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=3))
    client = login_as(world.owner)

    response = client.post(
        f"/follow-ups/{follow_up.id}/delay",
        data={
            "due_in": "date",
            "due_on-day": "1",
            "due_on-month": "12",
            "due_on-year": "2026",
        },
    )

    assert response.status_code == 422
    assert "New due date must be in the future" in text_of(response)
    assert 'value="2026"' in response.get_data(as_text=True)


def test_delay_without_choice_is_refused(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=3))
    client = login_as(world.owner)

    response = client.post(f"/follow-ups/{follow_up.id}/delay", data={})

    assert response.status_code == 422
    assert "Select when the caller will now hear from us" in text_of(response)


def test_delay_new_due_must_be_later(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW + timedelta(days=20))
    client = login_as(world.owner)

    response = client.post(f"/follow-ups/{follow_up.id}/delay", data={"due_in": "1"})

    assert response.status_code == 422
    assert "Choose a new due time later than the current one" in text_of(response)


def test_follow_up_nav_links(frozen, world, login_as):
    owner_body = login_as(world.owner).get("/").get_data(as_text=True)
    assert "My follow-ups" in owner_body
    assert "Overdue follow-ups" not in owner_body


def test_follow_ups_query_ignores_done(frozen, world):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW - timedelta(hours=1))
    follow_up.done_at = FROZEN_NOW
    db.session.commit()

    assert service.mine(world.owner) == []
    assert service.overdue_for_team(world.team.id, FROZEN_NOW) == []
    assert db.session.scalar(select(FollowUp.id)) == follow_up.id


def test_delay_posted_twice_is_recorded_once(frozen, world, login_as):
    follow_up = _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=3))
    client = login_as(world.owner)

    first = client.post(f"/follow-ups/{follow_up.id}/delay", data={"due_in": "2"})
    second = client.post(f"/follow-ups/{follow_up.id}/delay", data={"due_in": "2"})

    assert first.status_code == 303
    assert second.status_code == 303
    assert len(audits("follow_up.delay_told")) == 1


def test_home_page_counts_follow_ups(frozen, world, login_as):
    _follow_up(world, world.owner, FROZEN_NOW - timedelta(hours=1))
    _follow_up(world, world.owner, FROZEN_NOW + timedelta(hours=2))
    client = login_as(world.owner)

    body = text_of(client.get("/"))

    assert "2 follow-ups to do , 1 overdue ." in body
    assert "The first is due 2 December 2026 at 09:00." in body
