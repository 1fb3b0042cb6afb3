"""A difficult call in headless Chromium, from warning to acknowledgement."""

import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from duty.auth.models import Role
from duty.extensions import db
from duty.incidents.models import AbuseSheet
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(app):
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("h1:has-text('Duty line desk')")


def test_abusive_call_from_step_to_acknowledgement(world, build, live_server, browser):
    build.user("ad", Role.ASSISTANT_DIRECTOR, world.team, name="Elizabeth Harcourt")
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, live_server, "admin")

    page.goto(f"{live_server}/calls/new")
    page.check(f"input[name=team_id][value='{world.team.id}']")
    page.click("button:has-text('Start the call')")
    page.click("button:has-text('I have greeted the caller')")
    page.wait_for_selector("#caller_name")
    page.fill("#caller_name", "Sean O'Brien")
    page.click("#step-form button[type=submit]")
    page.wait_for_selector("h2:has-text('Who is calling')")
    assert page.locator("#deescalation").is_visible()

    page.click("#action-behaviour")
    page.check("input[name=behaviours][value=shouting]")
    page.fill("#details", "Shouted that we are all useless")
    page.click("button:has-text('Record the behaviour')")
    page.wait_for_selector("h1:has-text('Warn the caller')")
    assert "the call will be terminated" in page.inner_text(".app-script__text")
    page.click("button:has-text('I have given the warning')")

    page.wait_for_selector("h2:has-text('Who is calling')")
    assert "Warning given" in page.inner_text("#call-record")
    page.click("#action-terminate")
    page.wait_for_selector("h1:has-text('End the call: abuse continued')")
    assert "further representations must be made in writing" in (
        page.inner_text(".app-script__text")
    )
    page.click("button:has-text('I have said this and ended the call')")

    page.wait_for_selector("h1:has-text('Abusive call record sheet')")
    assert page.is_checked("input[name=behaviours][value=shouting]")
    assert "Shouted that we are all useless" in page.input_value("#what_was_said")
    assert "Warning given at" in page.input_value("#what_was_done")
    page.click("button:has-text('Save and send the record sheet')")
    page.wait_for_selector("text=Record sheet sent to Elizabeth Harcourt.")
    context.close()

    director = browser.new_context()
    page = director.new_page()
    _sign_in(page, live_server, "ad")
    page.click("a:has-text('Record sheets')")
    page.click("table a.govuk-link")
    page.click("#acknowledge")
    page.wait_for_selector("text=Record sheet acknowledged.")
    director.close()

    db.session.expire_all()
    sheet = db.session.scalars(select(AbuseSheet)).one()
    assert sheet.acknowledged_at is not None
    assert sheet.call.outcome == "abusive_terminated"
    assert sheet.call.step == "caller_type"
