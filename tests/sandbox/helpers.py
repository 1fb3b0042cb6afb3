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
