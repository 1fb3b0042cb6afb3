"""The back button: offered only where there is an earlier step to return to."""

from tests.calls.helpers import answer, current_step, start, to_reference
from tests.conftest import HX, login

BACK = "Back to previous step"


def _passed_call(client, world) -> str:
    public_id = start(client, world.team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    answer(client, public_id, {"enquiry": "Asking about the travel document"})
    answer(client, public_id, {})
    return public_id


def _actions(body: str) -> str:
    """Return the call's action bar from a page or an htmx response."""
    return body[body.index('<div id="call-actions"') :]


def test_back_shown_once_a_step_is_answered(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)

    partial = answer(client, public_id, {})
    whole = client.get(f"/calls/{public_id}")

    assert BACK in _actions(partial.get_data(as_text=True))
    assert BACK in _actions(whole.get_data(as_text=True))


def test_back_hidden_after_returning_to_first_step(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    answer(client, public_id, {})

    partial = client.post(f"/calls/{public_id}/back", headers=HX)
    whole = client.get(f"/calls/{public_id}")

    assert current_step(client, public_id) == "greeting"
    assert "End call" in _actions(partial.get_data(as_text=True))
    assert BACK not in _actions(partial.get_data(as_text=True))
    assert BACK not in _actions(whole.get_data(as_text=True))


def test_back_on_first_step_stays_there(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    answer(client, public_id, {})
    client.post(f"/calls/{public_id}/back", headers=HX)

    client.post(f"/calls/{public_id}/back", headers=HX)

    assert current_step(client, public_id) == "greeting"


def test_back_repeatedly_walks_to_the_start(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)
    reached = []

    for _ in range(3):
        client.post(f"/calls/{public_id}/back")
        reached.append(current_step(client, public_id))

    assert reached == ["caller_type", "short_questions", "greeting"]


def test_back_hidden_on_receivers_first_step(world, app):
    admin_client = app.test_client()
    login(admin_client, "admin")
    public_id = _passed_call(admin_client, world)
    owner_client = app.test_client()
    login(owner_client, "owner")
    owner_client.post(f"/calls/{public_id}/take")

    partial = owner_client.get(f"/calls/{public_id}", headers=HX)
    whole = owner_client.get(f"/calls/{public_id}")
    back = owner_client.post(f"/calls/{public_id}/back", headers=HX)

    assert "End call" in _actions(whole.get_data(as_text=True))
    assert BACK not in _actions(partial.get_data(as_text=True))
    assert BACK not in _actions(whole.get_data(as_text=True))
    assert back.status_code == 200
    assert current_step(owner_client, public_id) == "verify"
