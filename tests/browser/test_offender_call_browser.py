"""Offender calls in headless Chromium: one that matches, one that does not."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_axe, no_js_errors, sign_in
from tests.calls.handling import describe_case, freeze

pytestmark = pytest.mark.browser


def _continue(page, label="Continue"):
    page.click(f"#step-form button[type=submit]:has-text('{label}')")


def _heading(page, text):
    expect(page.locator("#step-heading")).to_have_text(text)


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
    _continue(page, "Continue the call")
    _heading(page, "Check the caller is the offender")
    check_axe(page, "offender verify step")


def _give_answers(page, nationality):
    page.fill("#full_name", "sean o'brien")
    page.fill("#nationality", nationality)
    page.fill("#date_of_birth-day", "1")
    page.fill("#date_of_birth-month", "1")
    page.fill("#date_of_birth-year", "1980")
    page.check("input[name=whereabouts][value=held]")
    page.fill("#place", "Northmoor")
    page.check("input[name=last_contact_known][value=known]")
    page.fill("#last_contact_on-day", "5")
    page.fill("#last_contact_on-month", "10")
    page.fill("#last_contact_on-year", "2026")
    page.fill("#last_contact_nature", "an interview")
    page.check("input[name=asked_extra][value=no]")
    _continue(page, "Check the answers")
    _heading(page, "Result of the identity check")
    check_axe(page, "identity check result")


def _wrap_up(page):
    _heading(page, "Check the call and write it up")
    check_axe(page, "wrap-up")
    expect(page.locator("#file_minute")).to_contain_text("Identity:")
    expect(page.locator("#case_note")).not_to_be_empty()
    page.check("input[name=follow_up_needed][value=no]")
    page.check("input[name=written_confirmation][value=no]")
    _continue(page, "Save the record and close the call")
    expect(page.locator("#step h2").first).to_have_text("Call ended")


def test_matching_offender_call_in_browser(app, world, new_page):
    freeze(app)
    describe_case(world.case)
    page = new_page()
    sign_in(page, "owner")
    _reach_offender_flow(page, world.team.id)
    expect(page.locator("#step")).not_to_contain_text("HMP Northmoor")

    _give_answers(page, "POLISH")
    expect(page.locator("#step")).not_to_contain_text("Does not match")
    page.check("input[name=handler_doubt][value=no]")
    _continue(page)

    _heading(page, "Deal with the offender's query")
    check_axe(page, "offender discussion")
    expect(page.locator("#case-details")).to_contain_text("HMP Northmoor")
    expect(page.locator("#step")).to_contain_text("020 8760 8513")
    page.fill("#discussion", "Explained the delay")
    page.check("input[name=call_outcome][value=handled]")
    _continue(page)
    _wrap_up(page)
    expect(page.locator("#call-record")).to_contain_text("Handled by the case handler")
    no_js_errors(page)


def test_mismatched_offender_call_in_browser(app, world, new_page):
    freeze(app)
    describe_case(world.case)
    page = new_page()
    sign_in(page, "owner")
    _reach_offender_flow(page, world.team.id)

    _give_answers(page, "Czech")
    expect(page.locator("#step")).to_contain_text(
        "Nationality Does not match the record"
    )
    _continue(page)

    _heading(page, "Identity not confirmed: ask for the request in writing")
    check_axe(page, "offender doubt")
    expect(page.locator("#step")).not_to_contain_text("HMP Northmoor")
    page.check("input[name=address_given]")
    page.check("input[name=due_in][value='5']")
    _continue(page)
    _wrap_up(page)
    expect(page.locator("#call-record")).to_contain_text("Asked to write in")
    no_js_errors(page)


def test_offender_not_knowing_contact_in_browser(app, world, new_page):
    freeze(app)
    describe_case(world.case)
    page = new_page()
    sign_in(page, "owner")
    _reach_offender_flow(page, world.team.id)

    page.fill("#full_name", "sean o'brien")
    page.fill("#nationality", "Polish")
    page.fill("#date_of_birth-day", "1")
    page.fill("#date_of_birth-month", "1")
    page.fill("#date_of_birth-year", "1980")
    page.check("input[name=whereabouts][value=held]")
    page.fill("#place", "Northmoor")
    page.check("input[name=last_contact_known][value=known]")
    expect(page.locator("#last_contact_on-day")).to_be_visible()
    page.get_by_label("The caller does not know").check()
    expect(page.locator("#last_contact_on-day")).to_be_hidden()
    page.check("input[name=asked_extra][value=yes]")
    page.fill("#extra_question", "Which prison were you in before?")
    page.fill("#extra_answer", "Ashcombe")
    page.check("input[name=extra_matches][value=yes]")
    check_axe(page, "offender verify step, contact not known")
    _continue(page, "Check the answers")

    _heading(page, "Result of the identity check")
    expect(page.locator("#step")).to_contain_text("The caller does not know")
    expect(page.locator("#step")).to_contain_text("Identity confirmed")
    check_axe(page, "identity check result, contact not known")
    no_js_errors(page)


def test_offender_case_without_contact_in_browser(app, world, new_page):
    freeze(app)
    page = new_page()
    sign_in(page, "owner")
    _reach_offender_flow(page, world.team.id)

    expect(page.locator("#step")).to_contain_text(
        "The case record has no most recent contact with the Home Office"
    )
    expect(page.locator("input[name=last_contact_known]")).to_have_count(0)
    check_axe(page, "offender verify step, no contact on record")
    no_js_errors(page)
