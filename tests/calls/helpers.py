"""Drive a call through its steps over HTTP."""

import re

from tests.conftest import HX, form_key


def start(client, team) -> str:
    response = client.post("/calls", data={"team_id": team.id})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def current_step(client, public_id) -> str:
    body = client.get(f"/calls/{public_id}").get_data(as_text=True)
    match = re.search(r"/steps/([a-z_]+)\"", body)
    return match.group(1) if match else ""


def answer(client, public_id, data, htmx=True, step=None):
    """Answer the call's current step with the given form data."""
    page = client.get(f"/calls/{public_id}")
    step = step or current_step(client, public_id)
    payload = {"form_key": form_key(page), **data}
    headers = HX if htmx else {}
    return client.post(
        f"/calls/{public_id}/steps/{step}", data=payload, headers=headers
    )


def to_reference(client, public_id, caller_type="offender"):
    answer(client, public_id, {})
    answer(
        client,
        public_id,
        {"caller_name": "Sean O'Brien", "caller_number": "07700 900123"},
    )
    return answer(client, public_id, {"caller_type": caller_type})
