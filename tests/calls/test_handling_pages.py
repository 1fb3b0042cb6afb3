"""Every page of the caller-type and wrap-up flows parses with unique ids."""

from datetime import timedelta

from duty.extensions import db
from duty.followups.models import FollowUp
from tests.calls.handling import (
    FROZEN_NOW,
    OFFENDER_ANSWERS,
    answer,
    describe_case,
    freeze,
    reach_handler,
)
from tests.conftest import page


def _check_page(client, public_id, title):
    response = client.get(f"/calls/{public_id}")
    parsed = page(response)
    assert response.status_code == 200
    assert title in parsed.title
    return response


def test_offender_pages_are_well_formed(app, world, login_as):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)

    _check_page(client, public_id, "Check the caller is the offender")
    answer(client, public_id, OFFENDER_ANSWERS)
    _check_page(client, public_id, "Result of the identity check")
    answer(client, public_id, {"handler_doubt": "no"})
    _check_page(client, public_id, "Deal with the offender's query")
    answer(client, public_id, {"discussion": "Talked", "call_outcome": "promised"})
    _check_page(client, public_id, "Promise a reply by a set time")
    answer(
        client,
        public_id,
        {"promise_kind": "call_back", "promise_detail": "Ring", "due_in": "2"},
    )
    _check_page(client, public_id, "Check the call and write it up")
    error = answer(client, public_id, {"follow_up_needed": "yes"}, htmx=False)
    assert error.status_code == 422
    assert page(error).title.startswith("Error:")


def test_unsure_page_is_well_formed(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)
    client.post(f"/calls/{public_id}/unsure")

    _check_page(client, public_id, "Put the call through")


def test_follow_up_pages_are_well_formed(app, world, login_as):
    freeze(app)
    follow_up = FollowUp(
        team_id=world.team.id,
        owner_id=world.owner.id,
        created_by_id=world.owner.id,
        kind="fax",
        due_at=FROZEN_NOW + timedelta(hours=2),
        first_due_at=FROZEN_NOW + timedelta(hours=2),
    )
    db.session.add(follow_up)
    db.session.commit()
    client = login_as(world.owner)

    assert "My follow-ups" in page(client.get("/follow-ups")).title
    delay = client.get(f"/follow-ups/{follow_up.id}/delay")
    assert "told of a delay" in page(delay).title
