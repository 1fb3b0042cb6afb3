import pytest

from duty.auth.models import Role
from duty.calls.models import CallStatus
from tests.calls.handling import (
    OFFENDER_ANSWERS,
    answer,
    audits,
    current_step,
    describe_case,
    freeze,
    load,
    reach_handler,
    start,
    to_reference,
)
from tests.conftest import HX, text_of


@pytest.fixture
def verified_call(app, world, login_as):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)
    answer(client, public_id, OFFENDER_ANSWERS)
    answer(client, public_id, {"handler_doubt": "no"})
    return client, public_id


def test_unsure_offers_manager_or_writing(verified_call):
    client, public_id = verified_call

    response = client.post(f"/calls/{public_id}/unsure", headers=HX)
    body = text_of(response)

    assert load(public_id).flow == "unsure"
    assert "Sarah Okafor (Manager)" in body
    assert "Marcus Reid (Team leader)" in body
    assert "Ask the caller to put the request in writing" in body
    assert audits("call.unsure")[-1].call_id == load(public_id).id


def test_unsure_button_is_on_every_caller_step(verified_call):
    client, public_id = verified_call

    body = client.get(f"/calls/{public_id}").get_data(as_text=True)

    assert f"/calls/{public_id}/unsure" in body
    assert "Unsure of credentials" in body


def test_put_through_needs_a_manager(verified_call):
    client, public_id = verified_call
    client.post(f"/calls/{public_id}/unsure")

    response = answer(client, public_id, {"unsure_choice": "manager"})

    assert response.status_code == 422
    assert "Select the manager you are putting the call through to" in text_of(response)


def test_put_through_passes_and_receiver_verifies_again(verified_call, world, login_as):
    client, public_id = verified_call
    client.post(f"/calls/{public_id}/unsure")

    answer(
        client,
        public_id,
        {"unsure_choice": "manager", "manager_id": str(world.manager.id)},
    )
    call = load(public_id)
    assert call.status == CallStatus.PASSED
    assert call.passed_to_id == world.manager.id
    assert call.outcome == "manager"
    client.post("/logout")

    client = login_as(world.manager)
    client.post(f"/calls/{public_id}/take")
    call = load(public_id)
    assert call.flow == "offender"
    assert call.handler_id == world.manager.id
    assert "identity" not in call.answers()
    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_unsure_write_in_goes_to_wrap_up(verified_call):
    client, public_id = verified_call
    client.post(f"/calls/{public_id}/unsure")

    answer(client, public_id, {"unsure_choice": "write_in"})
    body = text_of(client.get(f"/calls/{public_id}"))
    assert "PO Box 1" in body
    answer(client, public_id, {"address_given": "yes"})

    assert current_step(client, public_id) == "check_answers"
    assert load(public_id).answers()["call_outcome"] == "write_in"


def test_unsure_before_case_found_ends_in_writing(app, world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    client.post(f"/calls/{public_id}/unsure")
    answer(client, public_id, {"unsure_choice": "write_in"})
    answer(client, public_id, {"address_given": "yes"})

    call = load(public_id)
    assert call.status == CallStatus.ENDED
    assert call.outcome == "write_in"


def test_unsure_by_another_user_is_refused(verified_call, world, login_as):
    client, public_id = verified_call
    client.post("/logout")
    client = login_as(world.leader)

    response = client.post(f"/calls/{public_id}/unsure")

    assert response.status_code == 403
    assert load(public_id).flow == "offender"


def test_first_point_team_enters_caller_flow(app, build, login_as):
    freeze(app)
    team = build.team("Facilitated returns scheme team", first_point=True)
    admin = build.user("admin.frs", Role.ADMIN_OFFICER, team)
    build.case(team, None, reference="F1234567")
    client = login_as(admin)
    public_id = start(client, team)
    to_reference(client, public_id, caller_type="representative")
    answer(client, public_id, {"has_reference": "yes", "reference": "F1234567"})
    answer(client, public_id, {"enquiry": "Return flight"})

    assert current_step(client, public_id) == "first_point"
    answer(client, public_id, {})

    assert load(public_id).flow == "representative"
    assert current_step(client, public_id) == "verify"


def test_unsure_posted_twice_is_harmless(verified_call):
    client, public_id = verified_call

    client.post(f"/calls/{public_id}/unsure")
    second = client.post(f"/calls/{public_id}/unsure", follow_redirects=True)

    assert second.status_code == 200
    assert "already being put through" not in text_of(second)
    assert len(audits("call.unsure")) == 1
