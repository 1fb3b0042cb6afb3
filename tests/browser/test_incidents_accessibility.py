"""axe-core on the incident pages opened from a call, and on the review pages."""

import pytest

from duty.auth.models import Role
from duty.extensions import db
from tests.browser.conftest import check_axe, no_js_errors, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def director(world, build):
    user = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team, name="Ann Director")
    db.session.commit()
    return user


def _call_at_who_is_calling(page, world) -> str:
    page.goto("/calls/new")
    page.get_by_label(world.team.name).check()
    page.get_by_role("button", name="Start the call").click()
    page.get_by_role("button", name="I have greeted the caller").click()
    page.fill("#caller_name", "Sean O'Brien")
    page.locator("#step-form button[type=submit]").click()
    page.locator("h2", has_text="Who is calling").wait_for()
    return page.url


def test_incident_pages_have_no_serious_violations(world, director, new_page):
    page = new_page()
    sign_in(page, "admin")
    call_url = _call_at_who_is_calling(page, world)
    check_axe(page, "call screen with incident actions")

    page.click("#action-behaviour")
    page.click("button:has-text('Record the behaviour')")
    page.locator(".govuk-error-summary").wait_for()
    check_axe(page, "behaviour form with errors")

    page.goto(call_url.replace("/calls/", "/incidents/calls/") + "/termination")
    check_axe(page, "termination before a warning")

    page.goto(call_url)
    page.click("#action-threat")
    page.click("button:has-text('Report the threat')")
    page.locator(".govuk-error-summary").wait_for()
    check_axe(page, "threat form with errors")
    page.check("input[name=categories][value=unsure]")
    page.fill("#what_was_said", "Said he would wait outside")
    page.click("button:has-text('Report the threat')")
    page.locator("h1", has_text="Threat report").wait_for()
    check_axe(page, "threat report")

    page.goto(call_url)
    page.click("#action-complaint")
    page.check("input[name=route][value=written]")
    check_axe(page, "complaint form with the address shown")

    page.goto(call_url)
    page.click("#action-warning")
    check_axe(page, "warning")
    page.click("button:has-text('I have given the warning')")
    page.click("#action-terminate")
    check_axe(page, "termination")
    page.click("button:has-text('I have said this and ended the call')")
    page.locator("h1", has_text="Abusive call record sheet").wait_for()
    check_axe(page, "record sheet form")
    page.click("button:has-text('Save and send the record sheet')")
    page.locator("text=Record sheet sent to Ann Director.").wait_for()
    check_axe(page, "record sheet")
    no_js_errors(page)

    manager = new_page()
    sign_in(manager, "manager")
    for path in ("/incidents", "/incidents/export", "/incidents/abusive-calls.csv"):
        manager.goto(path)
        check_axe(manager, path)
    no_js_errors(manager)

    reviewer = new_page()
    sign_in(reviewer, "ad")
    reviewer.goto("/incidents/record-sheets")
    check_axe(reviewer, "assistant director's queue")
    no_js_errors(reviewer)
