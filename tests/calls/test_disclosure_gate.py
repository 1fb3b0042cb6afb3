import pytest

from duty.audit import AuditEvent
from duty.auth.models import Role
from duty.extensions import db
from tests.calls.handling import (
    OFFENDER_ANSWERS,
    answer,
    audits,
    describe_case,
    freeze,
    load,
    reach_handler,
)
from tests.conftest import HX, text_of

CASE_DETAIL_VIEWS = ["case-details", "case-notes", "letter"]


@pytest.fixture
def unverified_call(app, world, login_as):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    return client, reach_handler(client, world.team)


def _verified(client, public_id):
    answer(client, public_id, OFFENDER_ANSWERS)
    answer(client, public_id, {"handler_doubt": "no"})


@pytest.mark.parametrize("view", CASE_DETAIL_VIEWS)
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_unverified_call_refuses_case_views(unverified_call, view, headers):
    client, public_id = unverified_call

    response = client.get(f"/calls/{public_id}/{view}", headers=headers)

    assert response.status_code == 403
    assert "HMP Northmoor" not in response.get_data(as_text=True)
    refused = audits("refused")[-1]
    assert refused.call_id == load(public_id).id
    assert f"/calls/{public_id}/{view}" in refused.detail
    assert "not verified" in refused.detail


def test_verified_call_shows_case_details_and_audits(unverified_call, world):
    client, public_id = unverified_call
    _verified(client, public_id)

    response = client.get(f"/calls/{public_id}/case-details", headers=HX)

    assert response.status_code == 200
    assert "HMP Northmoor" in text_of(response)
    last = audits("disclosure")[-1]
    assert last.user_id == world.owner.id
    assert last.call_id == load(public_id).id
    assert last.detail == (
        "caller type offender; shown: case summary (custody, place held, "
        "last contact, removal directions)"
    )


def test_case_notes_view_after_verification(unverified_call):
    client, public_id = unverified_call
    _verified(client, public_id)

    response = client.get(f"/calls/{public_id}/case-notes")

    assert response.status_code == 200
    assert "Notes on case B1234567" in text_of(response)
    assert audits("disclosure")[-1].detail.endswith("shown: case notes")


@pytest.mark.parametrize("who", ["admin", "leader", "manager", "owner_mid"])
@pytest.mark.parametrize("view", CASE_DETAIL_VIEWS)
def test_another_users_call_is_refused(app, world, login_as, who, view, build):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)
    _verified(client, public_id)
    client.post("/logout")
    users = {
        "admin": world.admin,
        "leader": world.leader,
        "manager": world.manager,
        "owner_mid": world.other_owner,
    }
    client = login_as(users[who])

    response = client.get(f"/calls/{public_id}/{view}", headers=HX)

    assert response.status_code == 403
    assert "HMP Northmoor" not in response.get_data(as_text=True)
    assert audits("refused")[-1].call_id == load(public_id).id


def test_doubt_path_makes_no_disclosure(unverified_call):
    client, public_id = unverified_call
    answer(client, public_id, {**OFFENDER_ANSWERS, "nationality": "Czech"})

    answer(client, public_id, {})

    withheld = db.session.query(AuditEvent).filter_by(action="disclosure").count()
    assert withheld == 0


def test_going_back_to_reanswer_clears_verification(unverified_call):
    client, public_id = unverified_call
    _verified(client, public_id)
    client.post(f"/calls/{public_id}/back")
    client.post(f"/calls/{public_id}/back")

    answer(client, public_id, {**OFFENDER_ANSWERS, "full_name": "Someone Else"})

    assert load(public_id).answers()["identity"] == "doubt"
    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_ended_call_refuses_case_views(unverified_call):
    client, public_id = unverified_call
    _verified(client, public_id)
    answer(client, public_id, {"discussion": "Done", "call_outcome": "handled"})
    answer(
        client,
        public_id,
        {
            "file_minute": "m",
            "case_note": "n",
            "follow_up_needed": "no",
            "written_confirmation": "no",
        },
    )

    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_press_and_other_callers_get_nothing(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, caller_type="other")

    page = client.get(f"/calls/{public_id}")

    assert load(public_id).flow == "other"
    assert "Disclose nothing from the case record to this caller." in text_of(page)
    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_trainee_cannot_request_case_views(app, world, login_as, build):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)
    client.post("/logout")
    build.user("trainee", Role.TRAINEE, world.team)
    client = login_as("trainee")

    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_other_caller_flow_through_wrap_up(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, caller_type="other")

    answer(
        client,
        public_id,
        {
            "organisation": "HMP Northmoor",
            "discussion": "Asked for a fax number",
            "call_outcome": "write_in",
        },
    )
    answer(client, public_id, {"address_given": "yes"})
    answer(
        client,
        public_id,
        {
            "file_minute": "Prison asked",
            "case_note": "Prison asked",
            "follow_up_needed": "no",
            "written_confirmation": "no",
        },
    )

    call = load(public_id)
    assert call.outcome == "write_in"
    assert call.status == "ended"
