"""Set a rota and confirm a diversion in headless Chromium, with CSRF on."""

import os
import threading
from datetime import datetime

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from duty import create_app
from duty.auth.models import Role
from duty.extensions import db
from duty.teams.line_models import DiversionConfirmation
from duty.teams.models import Absence, RotaCover
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WEDNESDAY = datetime(2026, 1, 14, 10, 0)


@pytest.fixture
def app(tmp_path):
    """Return the app with CSRF on and a frozen Wednesday-morning clock."""
    base = os.environ.get("TEST_DATABASE_URL")
    url = base or f"sqlite:///{tmp_path / 'browser.sqlite'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url.replace(
                "postgresql://", "postgresql+psycopg://"
            ),
            "WTF_CSRF_ENABLED": True,
            "WTF_CSRF_SSL_STRICT": False,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_NAME": "duty",
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "browser-test-key",
            "FROZEN_NOW": WEDNESDAY,
        }
    )
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def site(app, world, build):
    world.spare = build.user("spare", Role.CASE_OWNER, world.team, name="Ana Lima")
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}", world
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(site, browser):
    context = browser.new_context(base_url=site[0])
    context.set_default_timeout(5000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def _sign_in(page, username):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def _fill_date(page, prefix, day, month, year):
    page.fill(f"#{prefix}-day", str(day))
    page.fill(f"#{prefix}-month", str(month))
    page.fill(f"#{prefix}-year", str(year))


def test_manager_sets_rota_in_browser(site, page):
    world = site[1]
    _sign_in(page, "manager")
    page.goto(f"/lines/{world.team.id}/rota")

    page.select_option("#user_id", str(world.owner.id))
    _fill_date(page, "starts_on", 14, 1, 2026)
    _fill_date(page, "ends_on", 14, 1, 2026)
    page.check("#part_day")
    page.click("text=Record the absence")
    page.wait_for_selector("text=Absence recorded for Tom O'Connor.")

    _fill_date(page, "cover_on", 14, 1, 2026)
    page.select_option("#absent_user_id", str(world.owner.id))
    page.select_option("#cover_user_id", str(world.spare.id))
    page.click("text=Set the cover")
    page.wait_for_selector("text=Ana Lima covers Tom O'Connor on 14 January 2026.")

    rota = page.inner_text("#rota-day")
    assert "Ana Lima (rota cover)" in rota
    assert db.session.query(Absence).count() == 1
    assert db.session.query(RotaCover).one().cover_user_id == world.spare.id
    assert not page.errors


def test_rota_error_keeps_typed_values_in_browser(site, page):
    world = site[1]
    _sign_in(page, "manager")
    page.goto(f"/lines/{world.team.id}/rota")

    page.select_option("#user_id", str(world.owner.id))
    _fill_date(page, "starts_on", 20, 1, 2026)
    _fill_date(page, "ends_on", 19, 1, 2026)
    page.click("text=Record the absence")

    summary = page.inner_text(".govuk-error-summary")
    assert "The end date must be the same as or after the start date" in summary
    assert page.input_value("#ends_on-day") == "19"
    assert page.input_value("#starts_on-day") == "20"
    assert not page.errors


def test_admin_confirms_diversion_cancelled_in_browser(site, page):
    world = site[1]
    _sign_in(page, "admin")
    page.goto(f"/lines/{world.team.id}")

    page.click("text=Confirm the diversion is cancelled")
    page.wait_for_selector("text=Diversion cancellation confirmed.")

    checks = page.inner_text("#diversion-checks")
    assert "confirmed by Priya Shah" in checks
    confirmation = db.session.query(DiversionConfirmation).one()
    assert confirmation.kind == "cancelled"
    assert confirmation.confirmed_by_id == world.admin.id
    assert not page.errors
