"""Line status in the header, the board, the status endpoint and start-call URL."""

import re
from datetime import datetime

import pytest
from sqlalchemy.exc import OperationalError

from duty.auth.models import Role, User
from duty.calls.models import Call
from duty.extensions import db
from duty.teams.line_models import DiversionConfirmation, OutOfHoursMessage
from tests.conftest import PASSWORD, page, text_of

WEDNESDAY_MORNING = datetime(2026, 1, 14, 10, 0)
WEDNESDAY_EVENING = datetime(2026, 1, 14, 17, 0)


def test_header_shows_open_line(app, world, login_as):
    app.config["FROZEN_NOW"] = WEDNESDAY_MORNING
    client = login_as(world.admin)

    body = text_of(client.get("/"))

    assert "Criminal casework North West line : Open until 17:00" in body


def test_header_shows_closed_line_and_next_opening(app, world, login_as):
    app.config["FROZEN_NOW"] = WEDNESDAY_EVENING
    client = login_as(world.admin)

    body = text_of(client.get("/"))

    assert (
        "Closed The office has closed for the day. Opens Thursday 15 January at 09:00."
        in body
    )


def test_header_has_no_status_when_signed_out(client):
    body = text_of(client.get("/login"))

    assert "line:" not in body


def test_board_lists_every_line(app, world, login_as):
    app.config["FROZEN_NOW"] = WEDNESDAY_MORNING
    client = login_as(world.owner)

    response = client.get("/lines")
    body = text_of(response)

    assert response.status_code == 200
    assert page(response).title.startswith("Duty lines")
    assert "Criminal casework Midlands" in body
    assert "0121 496 0456" in body


def test_board_refused_to_trainee(build, login_as):
    trainee = build.user("trainee", Role.TRAINEE)
    client = login_as(trainee)

    assert client.get("/lines").status_code == 403


def test_status_json_open(app, world, client):
    app.config["FROZEN_NOW"] = WEDNESDAY_MORNING

    data = client.get(f"/lines/{world.team.id}/status.json").get_json()

    assert data["status"] == "open"
    assert data["next_opening"] is None
    assert data["closes_at"] == "2026-01-14T17:00:00+00:00"


def test_status_json_closed_gives_next_opening_and_message(app, world, client):
    app.config["FROZEN_NOW"] = datetime(2025, 7, 4, 16, 30)  # Friday 17:30 BST

    data = client.get(f"/lines/{world.team.id}/status.json").get_json()

    assert data["status"] == "closed"
    assert data["next_opening"] == "2025-07-07T09:00:00+01:00"
    assert data["recorded_message"].startswith(
        "Thank you for calling the Home Office Immigration Enforcement criminal "
        "casework North West. Our office is now closed."
    )


def test_status_json_uses_edited_message(app, world, client):
    db.session.add(OutOfHoursMessage(team_id=world.team.id, text="We are closed."))
    db.session.commit()

    data = client.get(f"/lines/{world.team.id}/status.json").get_json()

    assert data["recorded_message"] == "We are closed."


def test_status_json_unknown_line_is_json_404(client):
    response = client.get("/lines/999/status.json")

    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json() == {"error": "line not found"}


def test_status_json_malformed_line_id_is_json_404(client):
    response = client.get("/lines/abc/status.json")

    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json() == {"error": "not found"}


def test_unknown_page_is_still_html_404(client):
    response = client.get("/lines/999/nothing-here")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)


def test_start_call_get_shows_confirm_form(world, login_as):
    client = login_as(world.admin)

    response = client.get(f"/lines/{world.team.id}/start-call?caller=07700%20900123")
    body = response.get_data(as_text=True)

    assert response.status_code == 200
    assert 'value="07700 900123"' in body
    assert db.session.query(Call).count() == 0


def test_start_call_post_opens_call_with_number(world, login_as):
    client = login_as(world.admin)

    response = client.post(
        f"/lines/{world.team.id}/start-call", data={"caller": "07700 900123"}
    )

    call = db.session.query(Call).one()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/calls/{call.public_id}")
    assert call.caller_number == "07700 900123"
    assert call.team_id == world.team.id


def test_start_call_requires_login(world, client):
    response = client.get(f"/lines/{world.team.id}/start-call?caller=0161")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_start_call_refused_to_assistant_director(world, build, login_as):
    director = build.user("director", Role.ASSISTANT_DIRECTOR, world.team)
    client = login_as(director)

    response = client.post(f"/lines/{world.team.id}/start-call", data={"caller": "1"})

    assert response.status_code == 403
    assert db.session.query(Call).count() == 0


def test_line_page_refused_to_other_team(world, login_as):
    client = login_as(world.other_owner)

    assert client.get(f"/lines/{world.team.id}").status_code == 403


def test_line_page_shows_message_and_checks(app, world, login_as):
    app.config["FROZEN_NOW"] = WEDNESDAY_MORNING
    client = login_as(world.admin)

    response = client.get(f"/lines/{world.team.id}")
    body = text_of(response)

    assert response.status_code == 200
    page(response)
    assert "Diversion cancelled at opening , due at 09:00" in body
    assert "Our office is now closed." in body


def test_directory_hides_direct_line_without_consent(world, login_as):
    world.owner.direct_line = "0161 496 0999"
    world.owner.direct_line_consent = False
    world.leader.direct_line = "0161 496 0777"
    world.leader.direct_line_consent = True
    db.session.commit()
    client = login_as(world.admin)

    body = text_of(client.get("/directory"))

    assert "0161 496 0777" in body
    assert "0161 496 0999" not in body
    assert "0121 496 0456" in body


@pytest.mark.parametrize("app", [{"csrf": True}], indirect=True)
def test_start_call_post_without_csrf_token_rejected(world, client):
    _sign_in_with_token(client, "admin")

    response = client.post(f"/lines/{world.team.id}/start-call", data={"caller": "1"})

    assert response.status_code == 400
    assert db.session.query(Call).count() == 0


@pytest.mark.parametrize("app", [{"csrf": True}], indirect=True)
def test_diversion_post_without_csrf_token_rejected(world, client):
    _sign_in_with_token(client, "admin")

    response = client.post(
        f"/lines/{world.team.id}/diversion", data={"kind": "diverted"}
    )

    assert response.status_code == 400
    assert db.session.query(DiversionConfirmation).count() == 0


def _sign_in_with_token(client, username):
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(
        r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', login_page
    )
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token[1]},
    )
    assert response.status_code == 302


def _row_text(response, row_id) -> str:
    body = response.get_data(as_text=True)
    row = body[body.index(f'id="{row_id}"') :]
    return " ".join(re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")]).split())


def test_board_flags_line_not_diverted(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 14, 17, 5)
    db.session.add(
        DiversionConfirmation(
            team_id=world.team.id,
            on_date=WEDNESDAY_EVENING.date(),
            kind="cancelled",
            confirmed_by_id=world.admin.id,
        )
    )
    db.session.commit()
    client = login_as(world.manager)

    response = client.get("/lines")
    north_west = _row_text(response, f"line-{world.team.id}")
    midlands = _row_text(response, f"line-{world.other.id}")

    assert "Overdue Line diverted to the recorded message at close" in north_west
    assert "Diversion cancelled at opening" not in north_west
    assert "Overdue Diversion cancelled at opening, due at 09:00" in midlands


def test_board_shows_nothing_overdue_before_opening(app, world, login_as):
    app.config["FROZEN_NOW"] = datetime(2026, 1, 14, 8, 59)
    client = login_as(world.manager)

    response = client.get("/lines")

    assert "Nothing overdue" in _row_text(response, f"line-{world.team.id}")


def test_status_json_gives_hours(world, client):
    data = client.get(f"/lines/{world.team.id}/status.json").get_json()

    assert data["hours"]["opens_at"] == "09:00"
    assert data["hours"]["closes_at"] == "17:00"
    assert data["hours"]["time_zone"] == "Europe/London"


def test_header_skips_status_when_database_fails(world, login_as, monkeypatch):
    client = login_as(world.admin)

    def broken_team(user):
        raise OperationalError("SELECT teams", {}, Exception("connection lost"))

    monkeypatch.setattr(User, "team", property(broken_team))
    response = client.get("/guidance")

    assert response.status_code == 200
    assert 'id="line-status"' not in response.get_data(as_text=True)
