"""Scenarios that need the caller-verification steps, played over HTTP.

Each test is skipped while the desk has no verification flows, and runs as
soon as it has them.
"""

from datetime import date, datetime, timedelta

import pytest

from duty.sandbox import attempts
from duty.sandbox.scenarios import all_scenarios
from duty.timeutil import local_today
from tests.conftest import text_of
from tests.sandbox.helpers import (
    PREFIX,
    answer,
    attempt_id_for,
    finish,
    opening,
    play_steps,
    start_scenario,
)

WRAP_UP = {
    "file_minute": "Call recorded",
    "case_note": "Call recorded",
    "follow_up_needed": "no",
    "written_confirmation": "no",
}


@pytest.fixture(autouse=True)
def tuesday_morning(app):
    """Freeze the clock on a working morning, so promises can fall due in time."""
    app.config["FROZEN_NOW"] = datetime(2026, 12, 1, 10, 0)


def _playable_or_skip(scenario_id):
    missing = attempts.missing_needs(all_scenarios()[scenario_id])
    if missing:
        pytest.skip(f"needs the {', '.join(missing)} steps")


def _date_fields(name: str, day: date) -> dict:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _answer_and_take_over(client, scenario_id, name, caller_type, reference):
    public_id = start_scenario(client, scenario_id)
    opening(client, public_id, name, caller_type)
    answer(client, public_id, {"has_reference": "yes", "reference": reference})
    answer(client, public_id, {"enquiry": "Enquiry noted"})
    answer(client, public_id, {})
    attempt_id = attempt_id_for(client, public_id)
    client.post(f"{PREFIX}/attempts/{attempt_id}/take-over")
    return public_id


def _mismatch_steps(case_note: str) -> dict:
    return {
        "verify": {
            "full_name": "Yaw Boateng",
            "nationality": "Ghanaian",
            **_date_fields("date_of_birth", date(1992, 6, 14)),
            "whereabouts": "held",
            "place": "HMP Ashcombe",
            "last_contact_known": "known",
            **_date_fields("last_contact_on", local_today() - timedelta(days=35)),
            "last_contact_nature": "An interview",
            "asked_extra": "no",
        },
        "result": {},
        "doubt": {"address_given": "yes", "due_in": "5"},
        "check_answers": {**WRAP_UP, "case_note": case_note},
    }


def test_verification_mismatch_full_marks(trainee, login_as):
    _playable_or_skip("verification-mismatch")
    client = login_as(trainee)
    public_id = _answer_and_take_over(
        client, "verification-mismatch", "Yaw Boateng", "offender", "P1000006"
    )

    played = play_steps(client, public_id, _mismatch_steps("Asked to write in"))
    debrief = text_of(finish(client, public_id))

    assert "doubt" in played
    assert "Full marks" in debrief


def test_verification_mismatch_disclosure_named(trainee, login_as):
    _playable_or_skip("verification-mismatch")
    client = login_as(trainee)
    public_id = _answer_and_take_over(
        client, "verification-mismatch", "Yaw Boateng", "offender", "P1000006"
    )

    steps = _mismatch_steps("Told him the charter flight to Accra is booked")
    play_steps(client, public_id, steps)
    debrief = text_of(finish(client, public_id))

    assert "You recorded giving out removal details" in debrief


def _representative_steps(discussion: str) -> dict:
    return {
        "verify": {"organisation": "Calder Legal", "rep_reference": "CL/4471/RF"},
        "result": {"handler_doubt": "no"},
        "discuss": {"discussion": discussion, "call_outcome": "promised"},
        "promise": {
            "promise_kind": "call_back",
            "promise_detail": "Bail decision",
            "due_in": "2",
        },
        "check_answers": WRAP_UP,
    }


def test_representative_on_record_full_marks(trainee, login_as):
    _playable_or_skip("representative-on-record")
    client = login_as(trainee)
    public_id = _answer_and_take_over(
        client, "representative-on-record", "Sunil Mehta", "representative", "P1000007"
    )

    steps = _representative_steps("It is with the senior caseworker for a decision")
    played = play_steps(client, public_id, steps)
    debrief = text_of(finish(client, public_id))

    assert "promise" in played
    assert "Full marks" in debrief


def test_representative_wrong_reference_is_named(trainee, login_as):
    _playable_or_skip("representative-on-record")
    client = login_as(trainee)
    public_id = _answer_and_take_over(
        client, "representative-on-record", "Sunil Mehta", "representative", "P1000007"
    )

    steps = _representative_steps("Nothing said")
    steps["verify"] = {"organisation": "Calder Legal", "rep_reference": "XX/0000"}
    steps["call_back"] = {"due_in": "1"}
    play_steps(client, public_id, steps)
    debrief = text_of(finish(client, public_id))

    assert "Did not verify the representative's reference" in debrief


def _removal_steps(promise_detail: str) -> dict:
    return {
        "verify": {
            "organisation": "Okafor and Reid Solicitors",
            "rep_reference": "OR/118/MN",
        },
        "result": {"handler_doubt": "no"},
        "removal": {"promise_detail": promise_detail, "due_in": "1"},
        "check_answers": WRAP_UP,
    }


def test_removal_within_72_hours_full_marks(trainee, login_as):
    _playable_or_skip("removal-within-72-hours")
    client = login_as(trainee)
    public_id = _answer_and_take_over(
        client, "removal-within-72-hours", "Priya Raman", "representative", "P1000011"
    )

    played = play_steps(client, public_id, _removal_steps("Asked who has the case"))
    debrief = text_of(finish(client, public_id))

    assert "removal" in played
    assert "Full marks" in debrief


def test_removal_unit_number_given_is_named(trainee, login_as):
    _playable_or_skip("removal-within-72-hours")
    client = login_as(trainee)
    public_id = _answer_and_take_over(
        client, "removal-within-72-hours", "Priya Raman", "representative", "P1000011"
    )

    steps = _removal_steps("Gave her the unit's line 020 7946 0321")
    play_steps(client, public_id, steps)
    debrief = text_of(finish(client, public_id))

    assert "Number given: 020 7946 0321" in debrief


def _sister_call(client):
    public_id = start_scenario(client, "third-party-without-authority")
    opening(client, public_id, "Abena Asante", "third_party")
    answer(client, public_id, {"has_reference": "no"})
    answer(
        client,
        public_id,
        {
            "full_name": "Kofi Asante",
            **_date_fields("date_of_birth", date(1985, 8, 22)),
            "nationality": "Ghanaian",
        },
    )
    answer(client, public_id, {"enquiry": "Where her brother is held"})
    answer(client, public_id, {})
    attempt_id = attempt_id_for(client, public_id)
    client.post(f"{PREFIX}/attempts/{attempt_id}/take-over")
    return public_id


def _sister_steps(flag_reason: str) -> dict:
    return {
        "identify": {"party_name": "Abena Asante"},
        "doubt": {"flag_reason": flag_reason, "address_given": "yes"},
        "check_answers": WRAP_UP,
    }


def test_third_party_without_authority_full_marks(trainee, login_as):
    _playable_or_skip("third-party-without-authority")
    client = login_as(trainee)
    public_id = _sister_call(client)

    played = play_steps(client, public_id, _sister_steps("No written authority"))
    debrief = text_of(finish(client, public_id))

    assert "doubt" in played
    assert "Full marks" in debrief


def test_third_party_told_whereabouts_is_named(trainee, login_as):
    _playable_or_skip("third-party-without-authority")
    client = login_as(trainee)
    public_id = _sister_call(client)

    play_steps(client, public_id, _sister_steps("Told her he is at Kestrel House"))
    debrief = text_of(finish(client, public_id))

    assert "You recorded giving out where the offender is detained" in debrief
