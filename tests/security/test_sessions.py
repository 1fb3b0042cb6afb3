"""Sessions: fresh at login, ended everywhere by logout or deactivation, and
ended by inactivity or age."""

import html
import os
from datetime import datetime, timedelta
from http.cookies import SimpleCookie

import pytest

from duty import create_app
from duty.auth.models import User
from duty.extensions import db
from tests.conftest import login

NOW = datetime(2026, 12, 7, 10, 0)


def _signed_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


def test_login_starts_a_new_session(world, client):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        before = dict(session)

    login(client, "admin")

    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != before.get("csrf_token") or not before.get(
            "csrf_token"
        )
        assert session["_user_id"] == f"{world.admin.id}:1"


def test_logout_ends_every_session_of_that_user(world, app):
    desk, laptop, colleague = app.test_client(), app.test_client(), app.test_client()
    for client, name in ((desk, "admin"), (laptop, "admin"), (colleague, "owner")):
        login(client, name)
        assert _signed_in(client)

    response = desk.post("/logout")

    assert response.status_code == 302
    assert not _signed_in(desk)
    assert not _signed_in(laptop)
    assert _signed_in(colleague)
    db.session.expire_all()
    assert db.session.get(User, world.admin.id).session_version == 2


def test_old_session_cookie_is_refused_after_logout(world, app):
    client = app.test_client()
    login(client, "admin")
    stolen = client.get_cookie("duty").value
    client.post("/logout")

    thief = app.test_client()
    thief.set_cookie("duty", stolen)
    assert not _signed_in(thief)


def test_deactivation_ends_sessions_at_once(world, client):
    login(client, "admin")
    assert _signed_in(client)

    world.admin.active = False
    db.session.commit()

    assert not _signed_in(client)
    assert login(client, "admin").status_code == 200  # the form again, not a redirect


def test_idle_session_ends_after_the_configured_minutes(world, app, client):
    app.config.update(FROZEN_NOW=NOW, SESSION_IDLE_MINUTES=30)
    login(client, "admin")

    app.config["FROZEN_NOW"] = NOW + timedelta(minutes=29)
    assert _signed_in(client)
    app.config["FROZEN_NOW"] = NOW + timedelta(minutes=29 + 31)
    response = client.get("/calls/new")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/calls/new")


def test_session_ends_at_its_absolute_lifetime_however_active(world, app, client):
    app.config.update(FROZEN_NOW=NOW, SESSION_IDLE_MINUTES=30, SESSION_MAX_HOURS=10)
    login(client, "admin")

    moment = NOW
    while moment < NOW + timedelta(hours=9, minutes=50):
        moment += timedelta(minutes=20)
        app.config["FROZEN_NOW"] = moment
        assert _signed_in(client), moment
    app.config["FROZEN_NOW"] = NOW + timedelta(hours=10, minutes=1)

    assert not _signed_in(client)


def test_login_sets_no_remember_me_cookie(world, client):
    response = client.post(
        "/login",
        data={
            "username": "admin",
            "password": "correct-horse-battery",
            "remember": "y",
        },
    )

    cookies = response.headers.getlist("Set-Cookie")
    assert response.status_code == 302
    assert not [c for c in cookies if c.startswith("remember_token")]
    assert [c.split("=")[0] for c in cookies] == ["duty"]
    assert "Expires" not in cookies[0]
    assert "Max-Age" not in cookies[0]


@pytest.fixture
def production_app(tmp_path, monkeypatch):
    for name in ("SESSION_COOKIE_SECURE", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith(
        "sqlite:///" + str(tmp_path)
    )
    return app


def test_production_cookie_is_secure_host_only_and_not_for_scripts(production_app):
    response = production_app.test_client().get("/login", base_url="https://localhost")

    cookie = SimpleCookie(response.headers["Set-Cookie"])
    name, morsel = next(iter(cookie.items()))
    assert name == "__Host-duty"
    assert morsel["secure"]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"
    assert not morsel["domain"]
    assert production_app.config["WTF_CSRF_SSL_STRICT"] is True
    assert production_app.config["REMEMBER_COOKIE_DURATION"] == timedelta(0)
    key_file = os.path.join(production_app.instance_path, "secret_key")
    assert oct(os.stat(key_file).st_mode)[-3:] == "600"


def test_background_refresh_does_not_keep_a_session_alive(world, app, client):
    app.config.update(FROZEN_NOW=NOW, SESSION_IDLE_MINUTES=30)
    login(client, "owner")
    poll = {"HX-Request": "true", "X-Background-Refresh": "true"}

    app.config["FROZEN_NOW"] = NOW + timedelta(minutes=20)
    assert client.get("/calls/incoming", headers=poll).status_code == 200
    app.config["FROZEN_NOW"] = NOW + timedelta(minutes=40)
    response = client.get("/calls/incoming", headers=poll)

    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_incoming_list_marks_its_refresh_as_background(world, client):
    login(client, "owner")

    body = client.get("/calls/incoming").text

    assert "X-Background-Refresh" in html.unescape(body)
