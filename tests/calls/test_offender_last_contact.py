"""The offender's most recent Home Office contact: not known to the caller, or not on record.

The guidance lists the most recent contact among the questions checked
against the record, and adds that further questions from the record, such
as the custody or detention history, help confirm who is calling. Any
doubt means the request must come in writing.
"""

import pytest

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
from tests.conftest import HX, text_of

NOT_KNOWN = {
    **{k: v for k, v in OFFENDER_ANSWERS.items() if not k.startswith("last_contact")},
    "last_contact_known": "not_known",
}
OWN_QUESTION = {
    "asked_extra": "yes",
    "extra_question": "Which prison were you in before this one?",
    "extra_answer": "Ashcombe",
    "extra_matches": "yes",
}
NO_RECORD_NOTE = "The case record has no most recent contact with the Home Office"
CONTACT_QUESTION = (
    "Does the caller know their most recent contact with the Home Office?"
)


@pytest.fixture
def offender_call(app, world, login_as):
    freeze(app)
    describe_case(world.case)
    client = login_as(world.owner)
    return client, reach_handler(client, world.team)


@pytest.fixture
def unrecorded_call(app, world, login_as):
    """An offender call about a case that records no most recent contact."""
    freeze(app)
    client = login_as(world.owner)
    return client, reach_handler(client, world.team)


def test_contact_question_offers_does_not_know(offender_call):
    client, public_id = offender_call

    whole = client.get(f"/calls/{public_id}").get_data(as_text=True)
    partial = client.get(f"/calls/{public_id}", headers=HX).get_data(as_text=True)

    for body in (whole, partial):
        assert CONTACT_QUESTION in body
        assert "The caller does not know" in body
        assert NO_RECORD_NOTE not in body


def test_contact_question_needs_an_answer(offender_call):
    client, public_id = offender_call
    said = {k: v for k, v in OFFENDER_ANSWERS.items() if k != "last_contact_known"}

    response = answer(client, public_id, said)

    assert response.status_code == 422
    assert (
        "Select whether the caller knows their most recent contact with the Home Office"
        in text_of(response)
    )


def test_known_contact_needs_its_date(offender_call):
    client, public_id = offender_call
    said = {**OFFENDER_ANSWERS, "last_contact_on-day": "", "last_contact_on-month": ""}
    said["last_contact_on-year"] = ""

    response = answer(client, public_id, said)

    assert response.status_code == 422
    assert "Enter date of their most recent contact" in text_of(response)


def test_not_knowing_contact_is_not_mismatch(offender_call):
    client, public_id = offender_call

    response = answer(client, public_id, {**NOT_KNOWN, **OWN_QUESTION})
    body = text_of(response)
    answers = load(public_id).answers()

    assert response.status_code == 200
    assert answers["checks"]["last_contact"] == "not_known"
    assert "last_contact_on" not in answers["checks"]
    assert "mismatch" not in answers["checks"].values()
    assert answers["identity"] == "verified"
    assert "Most recent contact with the Home Office The caller does not know" in body
    assert "That is not a mismatch" in body
    assert "Identity confirmed" in body


def test_not_knowing_contact_ignores_typed_date(offender_call):
    client, public_id = offender_call
    said = {**NOT_KNOWN, **OWN_QUESTION, "last_contact_on-day": "31"}
    said.update({"last_contact_on-month": "2", "last_contact_on-year": "2026"})

    response = answer(client, public_id, said)

    assert response.status_code == 200
    assert "last_contact_on" not in load(public_id).answers()


def test_not_knowing_contact_alone_leaves_doubt(offender_call):
    client, public_id = offender_call

    body = text_of(answer(client, public_id, NOT_KNOWN))
    answers = load(public_id).answers()

    assert answers["identity"] == "doubt"
    assert answers["check_reasons"] == ["contact_not_known", "no_private_check"]
    assert "Identity not confirmed" in body
    assert "Nothing a third party is unlikely to know was checked" in body
    answer(client, public_id, {})
    assert current_step(client, public_id) == "doubt"
    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_not_knowing_contact_with_wrong_answer_is_doubt(offender_call):
    client, public_id = offender_call
    said = {**NOT_KNOWN, **OWN_QUESTION, "extra_matches": "no"}

    answer(client, public_id, said)

    assert load(public_id).answers()["identity"] == "doubt"


def test_no_contact_on_record_told_before_asking(unrecorded_call):
    client, public_id = unrecorded_call

    whole = client.get(f"/calls/{public_id}")
    partial = client.get(f"/calls/{public_id}", headers=HX)

    for response in (whole, partial):
        body = step_html(response)
        assert NO_RECORD_NOTE in text_of(response)
        assert CONTACT_QUESTION not in body
        assert 'name="last_contact_on-day"' not in body
        assert 'name="last_contact_nature"' not in body
        assert "custody or detention history" in body


def test_no_contact_on_record_records_why_skipped(unrecorded_call):
    client, public_id = unrecorded_call

    response = answer(client, public_id, {**NOT_KNOWN, **OWN_QUESTION})
    answers = load(public_id).answers()

    assert response.status_code == 200
    assert answers["checks"]["last_contact"] == "not_asked"
    assert "contact_not_on_record" in answers["check_reasons"]
    assert "last_contact_known" not in answers
    assert "Not asked: nothing on record" in text_of(response)
    assert "so the caller was not asked about it" in text_of(response)
    assert audits("call.verify")[-1].detail.endswith(
        "unchecked: last_contact not_asked"
    )


def test_no_contact_on_record_confirmed_by_own_question(unrecorded_call):
    client, public_id = unrecorded_call

    answer(client, public_id, {**NOT_KNOWN, **OWN_QUESTION})

    assert load(public_id).answers()["identity"] == "verified"


def test_no_contact_no_own_question_is_doubt(unrecorded_call):
    client, public_id = unrecorded_call

    answer(client, public_id, NOT_KNOWN)
    answers = load(public_id).answers()

    assert answers["identity"] == "doubt"
    assert answers["check_reasons"] == ["contact_not_on_record", "no_private_check"]


def test_no_contact_on_record_ignores_posted_contact(unrecorded_call):
    client, public_id = unrecorded_call

    answer(client, public_id, {**OFFENDER_ANSWERS, "contact_on_record": "yes"})
    answers = load(public_id).answers()

    assert answers["checks"]["last_contact"] == "not_asked"
    assert "last_contact_on" not in answers
    assert answers["identity"] == "doubt"


def test_posted_record_fact_cannot_skip_question(offender_call):
    client, public_id = offender_call
    said = {**NOT_KNOWN, **OWN_QUESTION, "contact_on_record": "no"}
    del said["last_contact_known"]

    response = answer(client, public_id, said)

    assert response.status_code == 422
    assert "contact_on_record" not in load(public_id).answers()


def test_wrap_up_names_contact_not_known(offender_call):
    client, public_id = offender_call
    answer(client, public_id, {**NOT_KNOWN, **OWN_QUESTION})
    answer(client, public_id, {"handler_doubt": "no"})
    answer(client, public_id, {"discussion": "Explained", "call_outcome": "handled"})

    body = text_of(client.get(f"/calls/{public_id}"))

    assert (
        "Verified against the record. Most recent contact with the Home Office "
        "not known to the caller" in body
    )
