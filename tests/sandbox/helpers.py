"""Drive practice calls over HTTP."""

import re

from tests.conftest import HX, form_key

PREFIX = "/practice"


def start_scenario(client, scenario_id) -> str:
    """Start a practice call on a scenario and return the call's public id."""
    response = client.post(f"{PREFIX}/scenarios/{scenario_id}/start")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"].rsplit("/", 1)[1]


def current_step(client, public_id) -> str:
    body = client.get(f"{PREFIX}/calls/{public_id}").get_data(as_text=True)
    match = re.search(r"/steps/([a-z_]+)\"", body)
    return match.group(1) if match else ""


def answer(client, public_id, data, step=None):
    """Answer the practice call's current step with the given form data."""
    page = client.get(f"{PREFIX}/calls/{public_id}")
    step = step or current_step(client, public_id)
    payload = {"form_key": form_key(page), **data}
    return client.post(
        f"{PREFIX}/calls/{public_id}/steps/{step}", data=payload, headers=HX
    )


def attempt_id_for(client, public_id) -> int:
    body = client.get(f"{PREFIX}/calls/{public_id}").get_data(as_text=True)
    match = re.search(r"/attempts/(\d+)/", body)
    assert match, "no practice attempt form on the call page"
    return int(match.group(1))


def finish(client, public_id):
    """Finish the practice attempt of a call and return the debrief page."""
    attempt_id = attempt_id_for(client, public_id)
    response = client.post(f"{PREFIX}/attempts/{attempt_id}/finish")
    assert response.status_code == 303
    return client.get(response.headers["Location"])


def opening(client, public_id, caller_name, caller_type):
    """Greet, take the caller's name and record who is calling."""
    answer(client, public_id, {})
    answer(client, public_id, {"caller_name": caller_name})
    return answer(client, public_id, {"caller_type": caller_type})


def play_steps(client, public_id, answers_by_step: dict, limit: int = 12) -> list:
    """Answer each step on screen from a table keyed by step id, until none fits.

    The table may name steps of more than one version of the flows, so a test
    plays the case owner's part whichever handling steps the desk has.
    """
    played = []
    for _ in range(limit):
        step = current_step(client, public_id)
        if step not in answers_by_step:
            break
        response = answer(client, public_id, answers_by_step[step], step=step)
        assert response.status_code == 200, f"step {step}: {response.status_code}"
        played.append(step)
    return played


def offender_case_owner_steps(discussion: str, last_contact_on, **checks) -> dict:
    """Return answers for the case owner's steps of a genuine offender's call."""
    return {
        "take_over": {"discussion": discussion, "follow_up": ""},
        "verify": {
            "full_name": checks["full_name"],
            "nationality": checks["nationality"],
            "date_of_birth-day": str(checks["date_of_birth"].day),
            "date_of_birth-month": str(checks["date_of_birth"].month),
            "date_of_birth-year": str(checks["date_of_birth"].year),
            "whereabouts": "held",
            "place": checks["place"],
            "last_contact_known": "known",
            "last_contact_on-day": str(last_contact_on.day),
            "last_contact_on-month": str(last_contact_on.month),
            "last_contact_on-year": str(last_contact_on.year),
            "last_contact_nature": checks["last_contact_nature"],
            "asked_extra": "no",
        },
        "result": {"handler_doubt": "no"},
        "discuss": {"discussion": discussion, "call_outcome": "handled"},
        "check_answers": {
            "file_minute": discussion,
            "case_note": discussion,
            "follow_up_needed": "no",
            "written_confirmation": "no",
        },
    }


def go_home_case_owner_steps(discussion: str) -> dict:
    """Return the case owner's answers for the "offender-wants-to-go-home" call."""
    from datetime import date, timedelta

    from duty.timeutil import local_today

    return offender_case_owner_steps(
        discussion,
        local_today() - timedelta(days=21),
        full_name="Andrius Kazlauskas",
        nationality="Lithuanian",
        date_of_birth=date(1993, 5, 8),
        place="HMP Ashcombe",
        last_contact_nature="Deportation order",
    )
