"""Requests made the way a browser makes them, with CSRF protection on."""

import re
from contextlib import contextmanager

from duty import create_app
from duty.extensions import db
from tests.conftest import HX, PASSWORD, form_key, prepare_test_app

CSRF_ON = [{"csrf": True}]


def csrf_token(response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, username, password=PASSWORD, next_path=None):
    """Sign in through the form, token included, and return the response."""
    token = csrf_token(client.get("/login"))
    url = f"/login?next={next_path}" if next_path else "/login"
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post(url, data=data)


def start_call(client, team) -> str:
    token = csrf_token(client.get("/calls/new"))
    response = client.post("/calls", data={"team_id": team.id, "csrf_token": token})
    assert response.status_code == 303, response.status_code
    return response.headers["Location"].rsplit("/", 1)[1]


def post_step(client, public_id, step, data, token=None, key=None):
    """Post a step by htmx, with the page's token in the header unless given."""
    page = client.get(f"/calls/{public_id}")
    token = csrf_token(page) if token is None else token
    headers = {**HX, "X-CSRFToken": token} if token else HX
    payload = {"form_key": key or form_key(page), **data}
    return client.post(
        f"/calls/{public_id}/steps/{step}", data=payload, headers=headers
    )


def act_as(client, user):
    """Give the client a signed-in session for user without the slow hash check."""
    from flask_login.utils import _create_identifier

    from duty.timeutil import utcnow

    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
        now = utcnow().isoformat()
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = identifier
        session["login_at"] = session["last_seen"] = now
    return client


@contextmanager
def throttled_copy(app, **overrides):
    """Yield a second app on the same database with login throttling on:
    3 failed sign-ins per 5 minutes, kept in memory."""
    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "SESSION_COOKIE_NAME")
    }
    throttled = create_app(
        {
            **config,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "LOGIN_LIMIT": "3 per 5 minutes",
            **overrides,
        }
    )
    prepare_test_app(throttled)
    try:
        yield throttled
    finally:
        with throttled.app_context():
            db.engine.dispose()
