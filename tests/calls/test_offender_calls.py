from datetime import date

import pytest
from sqlalchemy import select

from duty.calls.models import CallStatus
from duty.cases.models import CaseNote
from duty.extensions import db
from duty.followups.models import FollowUp
from tests.calls.handling import (
    OFFENDER_ANSWERS,
    answer,
    audits,
    current_step,
    describe_case,
    freeze,
    load,
    reach_handler,
    step_html,
)
from tests.conftest import text_of


@pytest.fixture
def offender_call(app, world, login_as):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    return client, reach_handler(client, world.team)


def test_case_owner_call_enters_offender_flow(offender_call):
    client, public_id = offender_call

    assert load(public_id).flow == "offender"
    assert current_step(client, public_id) == "verify"


def test_verify_step_shows_no_record_values(offender_call):
    client, public_id = offender_call

    body = step_html(client.get(f"/calls/{public_id}"))

    assert "Full name" in body
    assert "Northmoor" not in body
    assert "Polish" not in body
    assert "1 January 1980" not in body
    assert "Interview" not in body


def test_matching_answers_in_other_styles_match(offender_call):
    client, public_id = offender_call

    response = answer(client, public_id, OFFENDER_ANSWERS)
    body = text_of(response)

    assert current_step(client, public_id) == "result"
    assert body.count("Matches the record") == 6
    assert "Does not match" not in body
    assert "Identity confirmed" in body
    assert "Northmoor" not in step_html(response)
    assert load(public_id).answers()["identity"] == "verified"


def test_verified_offender_sees_case_and_prompts(offender_call):
    client, public_id = offender_call
    answer(client, public_id, OFFENDER_ANSWERS)

    response = answer(client, public_id, {"handler_doubt": "no"})
    body = text_of(response)

    assert current_step(client, public_id) == "discuss"
    assert "HMP Northmoor" in body
    assert "The FRS team hotline is 020 8760 8513." in body
    assert "embassy" in body
    assert "travel document" in body
    shown = audits("disclosure")
    assert shown[-1].detail.startswith("caller type offender; shown: case summary")
    assert shown[-1].user_id == load(public_id).handler_id


def test_different_date_of_birth_is_mismatch(offender_call):
    client, public_id = offender_call
    answers = {**OFFENDER_ANSWERS, "date_of_birth-day": "2"}

    body = text_of(answer(client, public_id, answers))

    assert "Date of birth Does not match the record" in body
    assert "Identity not confirmed" in body
    assert load(public_id).answers()["checks"]["date_of_birth"] == "mismatch"


def test_different_contact_date_is_mismatch(offender_call):
    client, public_id = offender_call
    answers = {**OFFENDER_ANSWERS, "last_contact_on-day": "6"}

    answer(client, public_id, answers)

    checks = load(public_id).answers()["checks"]
    assert checks["last_contact_on"] == "mismatch"
    assert checks["full_name"] == "match"


def test_mismatch_leads_to_written_request(offender_call, world):
    client, public_id = offender_call
    answer(client, public_id, {**OFFENDER_ANSWERS, "nationality": "Czech"})
    answer(client, public_id, {})

    page = client.get(f"/calls/{public_id}")
    body = text_of(page)
    assert current_step(client, public_id) == "doubt"
    assert "HMP Northmoor" not in body
    assert "PO Box 1" in body
    assert "case details" not in body.lower()

    answer(client, public_id, {"address_given": "yes", "due_in": "5"})

    task = db.session.scalar(select(FollowUp).where(FollowUp.kind == "written_reply"))
    assert task.owner_id == world.owner.id
    assert "Fax the written reply to the prison or removal centre" in task.detail
    assert load(public_id).flow == "wrap_up"


def test_handler_doubt_overrides_a_match(offender_call):
    client, public_id = offender_call
    answer(client, public_id, OFFENDER_ANSWERS)

    answer(client, public_id, {"handler_doubt": "yes"})

    assert current_step(client, public_id) == "doubt"
    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_doubt_reply_for_community_case_goes_by_post(app, world, login_as, build):
    freeze(app)
    case = build.case(
        world.team,
        world.owner,
        reference="B2222222",
        custody_status="community",
        establishment=None,
        address="12 Mill Lane\nSalford",
        postcode="M5 4WT",
    )
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, reference=case.reference)
    said = {
        **OFFENDER_ANSWERS,
        "full_name": f"Adam {case.surname}",
        "whereabouts": "community",
        "address_line": "12 mill lane",
        "postcode": "m54wt",
    }

    answer(client, public_id, said)

    checks = load(public_id).answers()["checks"]
    assert checks["postcode"] == "match"
    assert checks["address"] == "match"
    assert "place" not in checks
    client.post(f"/calls/{public_id}/back")
    answer(client, public_id, {**said, "nationality": "Czech"})
    answer(client, public_id, {})
    answer(client, public_id, {"address_given": "yes", "due_in": "2"})
    task = db.session.scalar(select(FollowUp).where(FollowUp.kind == "written_reply"))
    assert "Post the written reply to the address on record" in task.detail


def test_held_answer_for_community_case_is_mismatch(app, world, login_as, build):
    freeze(app)
    case = build.case(
        world.team, world.owner, custody_status="community", postcode="M5 4WT"
    )
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, reference=case.reference)

    answer(client, public_id, {**OFFENDER_ANSWERS, "full_name": case.full_name})

    assert load(public_id).answers()["checks"]["place"] == "mismatch"


def test_extra_question_judged_by_handler(offender_call):
    client, public_id = offender_call
    said = {
        **OFFENDER_ANSWERS,
        "asked_extra": "yes",
        "extra_question": "Which wing are you on?",
        "extra_answer": "B wing",
        "extra_matches": "no",
    }

    body = text_of(answer(client, public_id, said))

    assert "Your own question Does not match the record" in body
    assert load(public_id).answers()["identity"] == "doubt"


def test_extra_question_needs_its_answers(offender_call):
    client, public_id = offender_call

    response = answer(client, public_id, {**OFFENDER_ANSWERS, "asked_extra": "yes"})
    body = text_of(response)

    assert response.status_code == 422
    assert "Enter your question" in body
    assert "Enter what the caller said" in body
    assert 'value="sean o&#39;brien"' in response.get_data(as_text=True)


def test_offender_call_through_wrap_up(offender_call, world):
    client, public_id = offender_call
    answer(client, public_id, OFFENDER_ANSWERS)
    answer(client, public_id, {"handler_doubt": "no"})
    answer(
        client,
        public_id,
        {
            "discussion": "Explained the travel document delay",
            "call_outcome": "handled",
        },
    )
    page = client.get(f"/calls/{public_id}")
    body = text_of(page)
    assert "Check the call and write it up" in body
    assert "Verified against the record" in body
    assert "Explained the travel document delay" in body

    response = answer(
        client,
        public_id,
        {
            "file_minute": "Minute: explained the delay.",
            "case_note": "Note: explained the delay.",
            "follow_up_needed": "no",
            "written_confirmation": "no",
        },
    )

    call = load(public_id)
    assert response.status_code == 200
    assert call.status == CallStatus.ENDED
    assert call.outcome == "handled"
    transcript = text_of(client.get(f"/calls/{public_id}"))
    assert "Check: Date of birth Matches the record" in transcript
    notes = db.session.scalars(
        select(CaseNote).where(CaseNote.call_id == call.id)
    ).all()
    assert sorted(n.kind for n in notes) == ["case_note", "file_minute"]
    assert {n.author_id for n in notes} == {world.owner.id}
    assert {n.body for n in notes} == {
        "Minute: explained the delay.",
        "Note: explained the delay.",
    }


def test_alias_name_matches(offender_call, world):
    from duty.cases.models import CaseAlias

    db.session.add(
        CaseAlias(case_id=world.case.id, given_names="John", surname="Brown")
    )
    db.session.commit()
    client, public_id = offender_call

    answer(client, public_id, {**OFFENDER_ANSWERS, "full_name": "John Brown"})

    assert load(public_id).answers()["checks"]["full_name"] == "match"


def test_date_of_birth_in_future_is_refused(offender_call):
    client, public_id = offender_call
    said = {**OFFENDER_ANSWERS, "date_of_birth-year": str(date(2027, 1, 1).year)}

    response = answer(client, public_id, said)

    assert response.status_code == 422
    assert "Date of birth must be in the past" in text_of(response)


def test_contact_today_is_accepted(offender_call, world):
    world.case.last_contact_on = date(2026, 12, 2)
    db.session.commit()
    client, public_id = offender_call
    said = {
        **OFFENDER_ANSWERS,
        "last_contact_on-day": "2",
        "last_contact_on-month": "12",
        "last_contact_on-year": "2026",
    }

    answer(client, public_id, said)

    assert load(public_id).answers()["checks"]["last_contact_on"] == "match"


def _set_caller_name(public_id, name) -> None:
    call = load(public_id)
    call.caller_name = name
    db.session.commit()


def test_name_unlike_first_given_is_flagged(offender_call):
    client, public_id = offender_call
    _set_caller_name(public_id, "Jan Kowalski")

    body = text_of(answer(client, public_id, OFFENDER_ANSWERS))

    assert "Identity confirmed" in body
    assert "is not part of the full name they gave now" in body
    assert "name_differs_from_first" in load(public_id).answers()["check_reasons"]


@pytest.mark.parametrize("first_given", ["Sean", "Mr O Brien", "SEAN O’BRIEN"])
def test_name_fitting_first_given_not_flagged(offender_call, first_given):
    client, public_id = offender_call
    _set_caller_name(public_id, first_given)

    body = text_of(answer(client, public_id, OFFENDER_ANSWERS))

    assert "is not part of the full name" not in body
