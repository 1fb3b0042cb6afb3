"""Offender calls in headless Chromium: one that matches, one that does not."""

import pytest

from tests.calls.handling import describe_case, freeze
from tests.conftest import PASSWORD

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sign_in(page, username):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/")


def _continue(page, label="Continue"):
    page.click(f"#step-form button[type=submit]:has-text('{label}')")


def _heading(page, text):
    playwright_api.expect(page.locator("#step-heading")).to_have_text(text)


def _reach_offender_flow(page, team_id):
    page.goto("/calls/new")
    page.check(f"input[name=team_id][value='{team_id}']")
    page.click("button:has-text('Start the call')")
    _continue(page, "I have greeted the caller")
    page.fill("#caller_name", "Sean O'Brien")
    _continue(page)
    page.check("input[name=caller_type][value=offender]")
    _continue(page)
    page.check("input[name=has_reference][value=yes]")
    page.fill("#reference", "B1234567")
    _continue(page)
    page.fill("#enquiry", "Wants an update")
    _continue(page)
    _continue(page, "Pass the call")
    _heading(page, "Check the caller is the offender")


def _give_answers(page, nationality):
    page.fill("#full_name", "sean o'brien")
    page.fill("#nationality", nationality)
    page.fill("#date_of_birth-day", "1")
    page.fill("#date_of_birth-month", "1")
    page.fill("#date_of_birth-year", "1980")
    page.check("input[name=whereabouts][value=held]")
    page.fill("#place", "Northmoor")
    page.fill("#last_contact_on-day", "5")
    page.fill("#last_contact_on-month", "10")
    page.fill("#last_contact_on-year", "2026")
    page.fill("#last_contact_nature", "an interview")
    page.check("input[name=asked_extra][value=no]")
    _continue(page, "Check the answers")
    _heading(page, "Result of the identity check")


def _wrap_up(page):
    _heading(page, "Check the call and write it up")
    playwright_api.expect(page.locator("#file_minute")).to_contain_text("Identity:")
    playwright_api.expect(page.locator("#case_note")).not_to_be_empty()
    page.check("input[name=follow_up_needed][value=no]")
    page.check("input[name=written_confirmation][value=no]")
    _continue(page, "Save the record and close the call")
    playwright_api.expect(page.locator("#step h2").first).to_have_text("Call ended")


def test_matching_offender_call_in_browser(app, world, new_page):
    freeze(app)
    describe_case(world.case)
    page = new_page()
    _sign_in(page, "owner")
    _reach_offender_flow(page, world.team.id)
    playwright_api.expect(page.locator("#step")).not_to_contain_text("HMP Northmoor")

    _give_answers(page, "POLISH")
    playwright_api.expect(page.locator("#step")).not_to_contain_text("Does not match")
    page.check("input[name=handler_doubt][value=no]")
    _continue(page)

    _heading(page, "Deal with the offender's query")
    playwright_api.expect(page.locator("#case-details")).to_contain_text(
        "HMP Northmoor"
    )
    playwright_api.expect(page.locator("#step")).to_contain_text("020 8760 8513")
    page.fill("#discussion", "Explained the delay")
    page.check("input[name=call_outcome][value=handled]")
    _continue(page)
    _wrap_up(page)
    playwright_api.expect(page.locator("#call-record")).to_contain_text(
        "Handled by the case handler"
    )


def test_mismatched_offender_call_in_browser(app, world, new_page):
    freeze(app)
    describe_case(world.case)
    page = new_page()
    _sign_in(page, "owner")
    _reach_offender_flow(page, world.team.id)

    _give_answers(page, "Czech")
    playwright_api.expect(page.locator("#step")).to_contain_text(
        "Nationality Does not match the record"
    )
    _continue(page)

    _heading(page, "Identity not confirmed: ask for the request in writing")
    playwright_api.expect(page.locator("#step")).not_to_contain_text("HMP Northmoor")
    page.check("input[name=address_given]")
    page.check("input[name=due_in][value='5']")
    _continue(page)
    _wrap_up(page)
    playwright_api.expect(page.locator("#call-record")).to_contain_text(
        "Asked to write in"
    )
