import re

import pytest
from sqlalchemy import select

from duty.calls.models import CallStatus
from duty.cases.models import CaseNote
from duty.extensions import db
from duty.followups.models import FollowUp
from tests.calls.handling import (
    FROZEN_NOW,
    OFFENDER_ANSWERS,
    answer,
    current_step,
    describe_case,
    freeze,
    load,
    reach_handler,
    start,
    to_reference,
)
from tests.conftest import form_key, text_of

WRAP_UP = {
    "file_minute": "Minute",
    "case_note": "Note",
    "follow_up_needed": "no",
    "written_confirmation": "no",
}


@pytest.fixture
def at_wrap_up(app, world, login_as):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)
    answer(client, public_id, OFFENDER_ANSWERS)
    answer(client, public_id, {"handler_doubt": "no"})
    answer(
        client, public_id, {"discussion": "Explained delays", "call_outcome": "handled"}
    )
    return client, public_id


def _notes(public_id):
    call = load(public_id)
    return db.session.scalars(select(CaseNote).where(CaseNote.call_id == call.id)).all()


def test_wrap_up_prefills_minute_and_note(at_wrap_up):
    client, public_id = at_wrap_up

    body = client.get(f"/calls/{public_id}").get_data(as_text=True)

    assert current_step(client, public_id) == "check_answers"
    assert "govuk-summary-list" in body
    assert "Identity: Verified against the record." in body
    assert "Discussed: Explained delays." in body
    assert "Outcome: Query answered on the call." in body
    assert "about wants an update on the case" in body.lower()


def test_empty_wrap_up_is_refused_and_nothing_saved(at_wrap_up):
    client, public_id = at_wrap_up

    response = answer(
        client,
        public_id,
        {"file_minute": "", "case_note": "   ", "written_confirmation": "yes"},
    )
    body = text_of(response)

    assert response.status_code == 422
    assert "Enter the file minute" in body
    assert "Enter the case note" in body
    assert "Select yes if any follow-up is needed" in body
    assert 'value="yes" checked' in response.get_data(as_text=True)
    assert _notes(public_id) == []
    assert load(public_id).status == CallStatus.IN_PROGRESS


def test_diary_date_must_be_in_future(at_wrap_up):
    client, public_id = at_wrap_up

    response = answer(
        client,
        public_id,
        {
            **WRAP_UP,
            "follow_up_needed": "yes",
            "follow_up_what": "Chase the embassy",
            "diary_date-day": "2",
            "diary_date-month": "12",
            "diary_date-year": "2026",
        },
    )

    assert response.status_code == 422
    assert "Diary date must be in the future" in text_of(response)
    assert "Chase the embassy</textarea>" in response.get_data(as_text=True)
    assert _notes(public_id) == []


def test_follow_up_and_confirmation_become_follow_ups(at_wrap_up, world):
    client, public_id = at_wrap_up

    answer(
        client,
        public_id,
        {
            **WRAP_UP,
            "follow_up_needed": "yes",
            "follow_up_what": "Chase the embassy",
            "diary_date-day": "14",
            "diary_date-month": "12",
            "diary_date-year": "2026",
            "written_confirmation": "yes",
        },
    )

    follow_ups = db.session.scalars(select(FollowUp).order_by(FollowUp.kind)).all()
    assert [f.kind for f in follow_ups] == ["diary", "written_confirmation"]
    assert follow_ups[0].due_at == FROZEN_NOW.replace(day=14, hour=17)
    assert follow_ups[0].detail == "Chase the embassy"
    assert follow_ups[1].due_at == FROZEN_NOW.replace(day=3, hour=17)
    assert {f.owner_id for f in follow_ups} == {world.owner.id}
    assert load(public_id).status == CallStatus.ENDED


def test_end_call_moves_to_wrap_up_instead(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)

    client.post(f"/calls/{public_id}/end", data={"reason": "Caller hung up"})
    call = load(public_id)

    assert call.status == CallStatus.IN_PROGRESS
    assert call.flow == "wrap_up"
    assert call.answers()["call_outcome"] == "ended_early"

    client.post(f"/calls/{public_id}/end", data={"reason": "Again"})
    assert load(public_id).status == CallStatus.IN_PROGRESS

    answer(client, public_id, WRAP_UP)
    call = load(public_id)
    assert call.status == CallStatus.ENDED
    assert call.outcome == "ended_early"


def test_end_call_message_asks_for_write_up(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)

    response = client.post(
        f"/calls/{public_id}/end", data={"reason": ""}, follow_redirects=True
    )

    assert "Write the call up now. It closes once its case note is saved." in text_of(
        response
    )


def test_call_before_handling_ends_without_note(app, world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    client.post(f"/calls/{public_id}/end", data={"reason": "Hung up"})

    assert load(public_id).status == CallStatus.ENDED


def test_receiver_writes_up_after_transfer(app, world, login_as, client):
    freeze(app)
    describe_case(world.case)
    login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    answer(client, public_id, {"enquiry": "Travel documents"})
    answer(client, public_id, {})
    assert load(public_id).status == CallStatus.PASSED
    client.post("/logout")

    login_as(world.owner)
    client.post(f"/calls/{public_id}/take")
    assert load(public_id).flow == "offender"
    answer(client, public_id, OFFENDER_ANSWERS)
    answer(client, public_id, {"handler_doubt": "no"})
    answer(client, public_id, {"discussion": "Explained", "call_outcome": "handled"})
    body = text_of(client.get(f"/calls/{public_id}"))
    assert "Answered by Priya Shah" in body
    assert "Handled by Tom O'Connor" in body
    client.post("/logout")

    login_as(world.admin)
    refused = client.post(
        f"/calls/{public_id}/steps/check_answers", data={**WRAP_UP, "form_key": "k1"}
    )
    assert refused.status_code == 403
    client.post("/logout")

    login_as(world.owner)
    answer(client, public_id, WRAP_UP)
    notes = _notes(public_id)
    assert len(notes) == 2
    assert {n.author_id for n in notes} == {world.owner.id}
    assert load(public_id).status == CallStatus.ENDED


def test_double_submitted_wrap_up_saves_once(at_wrap_up):
    client, public_id = at_wrap_up
    page = client.get(f"/calls/{public_id}")
    data = {**WRAP_UP, "form_key": form_key(page)}
    first = client.post(f"/calls/{public_id}/steps/check_answers", data=data)
    second = client.post(f"/calls/{public_id}/steps/check_answers", data=data)

    assert first.status_code == 303
    assert second.status_code in (200, 303)
    assert len(_notes(public_id)) == 2


def test_wrap_up_case_note_shows_on_case_page(at_wrap_up):
    client, public_id = at_wrap_up

    answer(client, public_id, {**WRAP_UP, "case_note": "Told him about FRS"})

    case_page = text_of(client.get("/cases/B1234567"))
    assert "Told him about FRS" in case_page
    assert "File minute, 2 December 2026 at 10:00 – Tom O'Connor" in case_page


def test_diary_date_not_needed_without_follow_up(at_wrap_up):
    client, public_id = at_wrap_up

    response = answer(client, public_id, WRAP_UP)

    assert response.status_code == 200
    assert db.session.scalar(select(FollowUp.id)) is None
    assert load(public_id).status == CallStatus.ENDED


def test_back_from_early_wrap_up_reopens_step(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)
    client.post(f"/calls/{public_id}/end", data={"reason": "Hung up"})

    client.post(f"/calls/{public_id}/back")
    response = client.get(f"/calls/{public_id}")

    assert response.status_code == 200
    assert current_step(client, public_id) == "verify"
    assert load(public_id).flow == "offender"


def test_wrap_up_minute_includes_promise_text(app, world, login_as):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team)
    answer(client, public_id, OFFENDER_ANSWERS)
    answer(client, public_id, {"handler_doubt": "no"})
    answer(
        client,
        public_id,
        {"discussion": "Asked about bail", "call_outcome": "promised"},
    )
    answer(
        client,
        public_id,
        {
            "promise_kind": "call_back",
            "promise_detail": "Call back with bail date",
            "due_in": "1",
        },
    )

    body = text_of(client.get(f"/calls/{public_id}"))

    assert current_step(client, public_id) == "check_answers"
    assert re.search(
        r"Promised: Call the caller back \(Tom O'Connor\) by \d+ \w+ \d{4} "
        r"\d\d:\d\d: Call back with bail date\.",
        body,
    )
