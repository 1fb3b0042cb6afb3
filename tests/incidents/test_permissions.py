import pytest

from duty.auth.models import Role
from tests.conftest import HX, form_key, page
from tests.incidents.helpers import (
    call_with_case,
    incident_path,
    sheet,
    terminate,
    threat,
    warn,
)

EXPECTED_OK = {
    # A manager of another team sees their own team's incidents, not this call.
    "/incidents": {"manager", "outsider"},
    "/incidents/record-sheets": {"director"},
    "/incidents/export": {"manager", "director", "outsider"},
    "behaviour": {"admin"},
    "warning": {"admin"},
    "termination": {"admin"},
    "threat": {"admin"},
    "complaint": {"admin"},
    "record-sheet": {"admin"},
}
ROLES = ["admin", "owner", "manager", "director", "trainee", "outsider"]


@pytest.mark.parametrize("role", ROLES)
def test_incident_routes_by_role(world, build, login_as, client, role):
    users = {
        "admin": world.admin,
        "owner": world.owner,
        "manager": world.manager,
        "director": build.user("ad", Role.ASSISTANT_DIRECTOR, world.team),
        "trainee": build.user("trainee", Role.TRAINEE, world.team),
        "outsider": build.user("manager.mid", Role.MANAGER, world.other),
    }
    login_as(world.admin)
    public_id = call_with_case(client, world.team)
    client.post("/logout")
    login_as(users[role])

    for route, allowed in EXPECTED_OK.items():
        path = route if route.startswith("/") else incident_path(public_id, route)
        expected = 200 if role in allowed else 403
        status = client.get(path).status_code
        assert status == expected, (route, status)


def test_step_partial_keeps_incidents_in_record(world, login_as):
    client = login_as(world.admin)
    public_id = call_with_case(client, world.team)
    warn(client, public_id)
    page = client.get(f"/calls/{public_id}")

    response = client.post(
        f"/calls/{public_id}/steps/team_check",
        data={"form_key": form_key(page), "enquiry": "Bail"},
        headers=HX,
    )

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'hx-swap-oob="true"' in body
    assert 'id="deescalation"' in body
    assert "Warning given" in body
    assert "<html" not in body


def test_incident_pages_have_unique_ids(world, build, login_as, client):
    director = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    login_as(world.admin)
    public_id = call_with_case(client, world.team)
    paths = [f"/calls/{public_id}"] + [
        incident_path(public_id, name)
        for name in ("behaviour", "warning", "termination", "threat", "complaint")
    ]
    for path in paths:
        parsed = page(client.get(path))
        assert parsed.title.strip(), path
    warn(client, public_id)
    terminate(client, public_id)
    page(client.get(incident_path(public_id, "record-sheet")))
    saved = sheet(client, public_id)
    page(client.get(saved.headers["Location"]))
    reported = threat(
        client, public_id, categories=["unsure", "children"], what_was_said="x"
    )
    page(client.get(reported.headers["Location"]))
    client.post("/logout")
    login_as(world.manager)
    page(client.get("/incidents"))
    page(client.get("/incidents/export"))
    client.post("/logout")
    login_as(director)
    page(client.get("/incidents/record-sheets"))
