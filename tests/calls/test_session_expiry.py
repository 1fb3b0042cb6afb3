"""A session that ends mid-call sends the handler back to the same call."""

import json
from datetime import datetime, timedelta

from tests.calls.helpers import answer, start, to_reference
from tests.conftest import HX, PASSWORD, form_key, login, text_of


def test_expired_session_on_htmx_step_redirects_whole_page_and_keeps_answers(
    world, app, client
):
    app.config["FROZEN_NOW"] = datetime(2026, 12, 2, 10, 0)
    login(client, "admin")
    public_id = start(client, world.team)
    answer(client, public_id, {})
    answer(client, public_id, {"caller_name": "Ada Lovelace"})
    key = form_key(client.get(f"/calls/{public_id}"))
    app.config["FROZEN_NOW"] += timedelta(minutes=31)

    expired = client.post(
        f"/calls/{public_id}/steps/caller_type",
        data={"form_key": key, "caller_type": "representative"},
        headers=HX,
    )
    back = client.post(
        expired.headers["HX-Redirect"],
        data={"username": "admin", "password": PASSWORD},
    )
    page = client.get(back.headers["Location"])

    assert expired.status_code == 401
    assert expired.headers["HX-Redirect"] == f"/login?next=/calls/{public_id}"
    assert "Sign in" not in expired.get_data(as_text=True)
    assert back.headers["Location"] == f"/calls/{public_id}"
    assert "Your session ended before these answers were saved" in text_of(page)
    assert 'value="representative" checked' in page.get_data(as_text=True)
    assert "Ada Lovelace" in text_of(page)


def test_draft_is_not_shown_to_a_different_user(world, app, client):
    app.config["FROZEN_NOW"] = datetime(2026, 12, 2, 10, 0)
    login(client, "admin")
    public_id = start(client, world.team)
    to_reference(client, public_id)
    app.config["FROZEN_NOW"] += timedelta(minutes=31)
    client.post(
        f"/calls/{public_id}/steps/reference",
        data={"has_reference": "yes", "reference": "B1234567"},
        headers=HX,
    )

    login(client, "manager")
    page = client.get(f"/calls/{public_id}")

    assert "Your session ended" not in text_of(page)
    assert "B1234567" not in page.get_data(as_text=True)


def test_session_past_its_lifetime_ends_even_when_active(world, app, client):
    app.config["FROZEN_NOW"] = datetime(2026, 12, 2, 8, 0)
    login(client, "admin")
    for minutes in range(20, 20 * 40, 20):
        app.config["FROZEN_NOW"] = datetime(2026, 12, 2, 8, 0) + timedelta(
            minutes=minutes
        )
        response = client.get("/")
        if response.status_code == 302:
            break

    assert response.status_code == 302
    assert app.config["FROZEN_NOW"] - datetime(2026, 12, 2, 8, 0) > timedelta(hours=10)


def _expire_during_reference_step(app, client, world, reference="B1234567"):
    app.config["FROZEN_NOW"] = datetime(2026, 12, 2, 10, 0)
    login(client, "admin")
    public_id = start(client, world.team)
    to_reference(client, public_id)
    app.config["FROZEN_NOW"] += timedelta(minutes=31)
    client.post(
        f"/calls/{public_id}/steps/reference",
        data={"has_reference": "yes", "reference": reference},
        headers=HX,
    )
    return public_id


def _session_cookie_contents(app, client) -> str:
    """Decode the session cookie as anyone holding it could, without the key."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    data = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    return json.dumps(data)


def test_draft_in_cookie_is_encrypted(world, app, client):
    _expire_during_reference_step(app, client, world, reference="Q7654321")

    contents = _session_cookie_contents(app, client)

    assert '"draft"' in contents
    assert "Q7654321" not in contents


def test_draft_older_than_session_lifetime_is_dropped(world, app, client):
    public_id = _expire_during_reference_step(app, client, world)
    app.config["FROZEN_NOW"] += timedelta(
        hours=app.config["SESSION_MAX_HOURS"], minutes=1
    )

    login(client, "admin")
    page = client.get(f"/calls/{public_id}")

    assert "Your session ended" not in text_of(page)


def test_tampered_draft_is_dropped(world, app, client):
    public_id = _expire_during_reference_step(app, client, world)
    with client.session_transaction() as session:
        sealed = session["draft"]
        session["draft"] = (
            sealed[:-8] + ("A" if sealed[-8] != "A" else "B") + sealed[-7:]
        )

    login(client, "admin")
    page = client.get(f"/calls/{public_id}")

    assert "Your session ended" not in text_of(page)
    assert 'value="B1234567"' not in page.get_data(as_text=True)


def test_sign_in_page_says_why_session_ended(world, app, client):
    app.config["FROZEN_NOW"] = datetime(2026, 12, 2, 10, 0)
    login(client, "admin")
    app.config["FROZEN_NOW"] += timedelta(minutes=31)

    sent_back = client.get("/")
    page = client.get(sent_back.headers["Location"])

    assert "You were signed out because the desk was not used for 30 minutes" in (
        text_of(page)
    )


def test_sign_in_page_plain_for_new_visit(world, client):
    page = client.get("/login")

    assert "You were signed out" not in text_of(page)
