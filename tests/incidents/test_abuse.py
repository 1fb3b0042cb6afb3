from datetime import datetime

import pytest
from sqlalchemy import select

from duty.calls.models import CallEvent, CallStatus
from duty.extensions import db
from duty.incidents import rules
from duty.incidents.models import AbuseEntry
from tests.calls.helpers import answer, current_step, start
from tests.conftest import form_key, text_of
from tests.incidents.helpers import (
    behaviour,
    call_at_caller_type,
    call_with_case,
    incident_path,
    load,
    terminate,
    threat,
    warn,
)

FROZEN = datetime(2026, 6, 10, 13, 5)


def _entries(public_id, kind=None):
    call = load(public_id)
    query = select(AbuseEntry).where(AbuseEntry.call_id == call.id)
    if kind:
        query = query.where(AbuseEntry.kind == kind)
    return db.session.scalars(query).all()


def _events(public_id, kind):
    call = load(public_id)
    return db.session.scalars(
        select(CallEvent).where(CallEvent.call_id == call.id, CallEvent.kind == kind)
    ).all()


def test_incident_actions_on_every_step(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    seen = []
    for data in (
        {},
        {"caller_name": "Sean O'Brien"},
        {"caller_type": "offender"},
        {"has_reference": "yes", "reference": "B1234567"},
    ):
        seen.append(current_step(client, public_id))
        body = client.get(f"/calls/{public_id}").get_data(as_text=True)
        for name in ("behaviour", "warning", "threat", "complaint"):
            assert incident_path(public_id, name) in body, (seen[-1], name)
        assert rules.DE_ESCALATION_PROMPTS[0] in body, seen[-1]
        answer(client, public_id, data)
    assert seen == ["greeting", "short_questions", "caller_type", "reference"]


def test_behaviour_recorded_and_call_stays_at_step(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = behaviour(client, public_id, ("shouting", "offensive_language"), "Swore")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(incident_path(public_id, "warning"))
    call = load(public_id)
    assert call.step == "caller_type"
    assert call.status == CallStatus.IN_PROGRESS
    [entry] = _entries(public_id)
    assert entry.behaviours == ["offensive_language", "shouting"]
    assert entry.details == "Swore"
    assert entry.step_title == "Who is calling"
    assert len(_events(public_id, "abuse_noted")) == 1


def test_behaviour_with_none_selected_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = behaviour(client, public_id, (), "Called me names")

    body = text_of(response)
    assert response.status_code == 422
    assert "There is a problem" in body
    assert "Select at least one behaviour the caller showed" in body
    assert "Called me names" in body
    assert _entries(public_id) == []


def test_behaviour_with_unknown_value_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = behaviour(client, public_id, ("rudeness",))

    assert response.status_code == 422
    assert _entries(public_id) == []


def test_behaviour_after_warning_goes_to_termination(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    warn(client, public_id)

    response = behaviour(client, public_id)

    assert response.headers["Location"].endswith(
        incident_path(public_id, "termination")
    )


def test_warning_shows_script_and_records_time(app, world, login_as):
    app.config["FROZEN_NOW"] = FROZEN
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    page = text_of(client.get(incident_path(public_id, "warning")))
    response = warn(client, public_id)

    assert rules.WARNING_SCRIPT in page
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/calls/{public_id}")
    [entry] = _entries(public_id, "warning")
    assert entry.at == FROZEN
    assert entry.script_shown == rules.WARNING_SCRIPT
    [event] = _events(public_id, "abuse_warning")
    assert event.at == FROZEN
    assert load(public_id).step == "caller_type"


def test_warning_posted_twice_saves_once(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    key = form_key(client.get(incident_path(public_id, "warning")))

    first = client.post(incident_path(public_id, "warning"), data={"form_key": key})
    second = client.post(incident_path(public_id, "warning"), data={"form_key": key})

    assert first.status_code == 303
    assert second.status_code == 303
    assert len(_entries(public_id, "warning")) == 1
    assert len(_events(public_id, "abuse_warning")) == 1


def test_termination_without_warning_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    page = text_of(client.get(incident_path(public_id, "termination")))
    response = client.post(
        incident_path(public_id, "termination"), data={"form_key": "k1"}
    )

    body = text_of(response)
    assert "The caller has not been warned yet" in page
    assert response.status_code == 422
    assert "Give the caller the warning before ending the call" in body
    assert 'href="#give-warning"' in response.get_data(as_text=True)
    call = load(public_id)
    assert call.status == CallStatus.IN_PROGRESS
    assert call.outcome is None
    assert _entries(public_id, "termination") == []


def test_termination_after_warning_ends_call(app, world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    app.config["FROZEN_NOW"] = datetime(2026, 6, 10, 13, 1)
    warn(client, public_id)
    app.config["FROZEN_NOW"] = FROZEN

    page = text_of(client.get(incident_path(public_id, "termination")))
    response = terminate(client, public_id)

    assert rules.TERMINATION_SCRIPT in page
    assert "PO Box 1" in page
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        incident_path(public_id, "record-sheet")
    )
    call = load(public_id)
    assert call.status == CallStatus.ENDED
    assert call.outcome == "abusive_terminated"
    assert call.ended_at == FROZEN
    assert call.step == "caller_type"
    [entry] = _entries(public_id, "termination")
    assert entry.at == FROZEN
    assert entry.script_shown == rules.TERMINATION_SCRIPT
    assert len(_events(public_id, "abuse_terminated")) == 1
    assert len(_events(public_id, "ended")) == 1


def test_termination_after_threat_needs_no_warning(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(
        client,
        public_id,
        categories=["staff_or_minister"],
        what_was_said="Said he would come to the office and hurt me",
    )

    response = terminate(client, public_id)

    assert response.status_code == 303
    assert load(public_id).outcome == "abusive_terminated"


def test_termination_posted_twice_ends_once(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    warn(client, public_id)
    key = form_key(client.get(incident_path(public_id, "termination")))

    first = terminate(client, public_id, key)
    second = terminate(client, public_id, key)

    assert first.status_code == 303
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert len(_entries(public_id, "termination")) == 1
    assert len(_events(public_id, "ended")) == 1


def test_termination_of_ended_call_goes_to_sheet(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    warn(client, public_id)
    terminate(client, public_id)

    response = client.get(incident_path(public_id, "termination"))

    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        incident_path(public_id, "record-sheet")
    )


def test_warning_on_ended_call_changes_nothing(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    client.post(f"/calls/{public_id}/end", data={"reason": "Caller hung up"})

    response = client.post(incident_path(public_id, "warning"), data={"form_key": "k"})

    assert response.status_code == 303
    assert _entries(public_id) == []
    follow = client.get(response.headers["Location"])
    assert "no longer in progress" in text_of(follow)


def test_call_continues_after_warning(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    behaviour(client, public_id)
    warn(client, public_id)

    body = text_of(client.get(f"/calls/{public_id}"))
    answer(client, public_id, {"caller_type": "offender"})

    assert "Who is calling?" in body
    assert "Warning given" in body
    assert "Unacceptable behaviour noted" in body
    assert current_step(client, public_id) == "reference"


def test_warning_then_end_call_button_on_call_screen(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    before = client.get(f"/calls/{public_id}").get_data(as_text=True)
    warn(client, public_id)

    after = client.get(f"/calls/{public_id}").get_data(as_text=True)

    assert 'id="action-warning"' in before
    assert 'id="action-terminate"' not in before
    assert 'id="action-terminate"' in after


@pytest.mark.parametrize("name", ["behaviour", "warning", "termination", "threat"])
def test_only_handler_may_act(world, login_as, client, name):
    login_as(world.admin)
    public_id = call_with_case(client, world.team)
    client.post("/logout")
    login_as(world.manager)

    shown = client.get(incident_path(public_id, name))
    posted = client.post(incident_path(public_id, name), data={"form_key": "k"})

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert _entries(public_id) == []


def test_stranger_cannot_see_call_forms(world, login_as, client):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    client.post("/logout")
    login_as(world.other_owner)

    response = client.get(incident_path(public_id, "behaviour"))

    assert response.status_code == 403


def test_unknown_call_not_found(world, login_as):
    client = login_as(world.admin)

    response = client.get(incident_path("no-such-call", "behaviour"))

    assert response.status_code == 404


def test_warning_without_csrf_token_rejected(app, world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post(incident_path(public_id, "warning"), data={"form_key": "k"})

    assert response.status_code == 400
    assert "Your form could not be sent" in text_of(response)
    assert _entries(public_id) == []
