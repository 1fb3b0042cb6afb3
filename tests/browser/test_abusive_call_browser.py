"""A difficult call in headless Chromium, from warning to acknowledgement."""

import pytest
from sqlalchemy import select

from duty.auth.models import Role
from duty.extensions import db
from duty.incidents.models import AbuseSheet
from tests.browser.conftest import no_js_errors, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def director(world, build):
    user = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team, name="Ann Director")
    db.session.commit()
    return user


def test_abusive_call_from_step_to_acknowledgement(world, director, new_page):
    page = new_page()
    sign_in(page, "admin")
    page.goto("/calls/new")
    page.get_by_label(world.team.name).check()
    page.get_by_role("button", name="Start the call").click()
    page.get_by_role("button", name="I have greeted the caller").click()
    page.fill("#caller_name", "Sean O'Brien")
    page.locator("#step-form button[type=submit]").click()
    page.locator("h2", has_text="Who is calling").wait_for()
    assert page.locator("#deescalation").is_visible()

    page.click("#action-behaviour")
    page.check("input[name=behaviours][value=shouting]")
    page.fill("#details", "Shouted that we are all useless")
    page.click("button:has-text('Record the behaviour')")
    page.locator("h1", has_text="Warn the caller").wait_for()
    assert "the call will be terminated" in page.inner_text(".app-script__text")
    page.click("button:has-text('I have given the warning')")

    page.locator("h2", has_text="Who is calling").wait_for()
    assert "Warning given" in page.inner_text("#call-record")
    page.click("#action-terminate")
    page.locator("h1", has_text="End the call: abuse continued").wait_for()
    script = page.inner_text(".app-script__text")
    assert "further representations must be made in writing" in script
    page.click("button:has-text('I have said this and ended the call')")

    page.locator("h1", has_text="Abusive call record sheet").wait_for()
    assert page.is_checked("input[name=behaviours][value=shouting]")
    assert "Shouted that we are all useless" in page.input_value("#what_was_said")
    assert "Warning given at" in page.input_value("#what_was_done")
    page.click("button:has-text('Save and send the record sheet')")
    page.locator("text=Record sheet sent to Ann Director.").wait_for()
    no_js_errors(page)

    reviewer = new_page()
    sign_in(reviewer, "ad")
    menu = reviewer.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Record sheets").click()
    reviewer.locator("table a.govuk-link").first.click()
    reviewer.click("#acknowledge")
    reviewer.locator("text=Record sheet acknowledged.").wait_for()
    no_js_errors(reviewer)

    db.session.expire_all()
    sheet = db.session.scalars(select(AbuseSheet)).one()
    assert sheet.acknowledged_by_id == director.id
    assert sheet.call.outcome == "abusive_terminated"
    assert sheet.call.step == "caller_type"
