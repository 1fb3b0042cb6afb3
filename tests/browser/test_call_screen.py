"""The call screen in a real browser: a whole call, by mouse and by keyboard."""

import pytest

from duty.calls.models import Call, CallStatus, CallStep
from duty.extensions import db
from tests.browser.conftest import check_axe, no_js_errors, sign_in

pytestmark = pytest.mark.browser


def _focused_text(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.textContent")


def _expect_step(page, title):
    """Wait for a step heading and check focus moved to it after the swap."""
    heading = page.locator("#step .app-step__heading")
    heading.filter(has_text=title).wait_for()
    page.wait_for_function(
        "() => document.activeElement"
        " && document.activeElement.matches('#step .app-step__heading')"
    )
    assert title in _focused_text(page)
    assert page.title() == f"{title} – Duty line desk"


def _call() -> Call:
    db.session.commit()
    db.session.expire_all()
    return db.session.scalars(db.select(Call)).one()


def _start_call(page, team_name):
    page.goto("/calls/new")
    check_axe(page, "new call")
    page.get_by_label(team_name).check()
    page.get_by_role("button", name="Start the call").click()
    page.wait_for_url("**/calls/*")
    page.locator("#step-heading").filter(has_text="Greet the caller").wait_for()


def test_admin_passes_a_call_and_case_owner_takes_it(world, new_page):
    page = new_page()
    sign_in(page, "admin")
    check_axe(page, "home")
    _start_call(page, world.team.name)
    check_axe(page, "call page")

    page.get_by_role("button", name="I have greeted the caller").click()
    _expect_step(page, "Explain the short questions")
    page.get_by_label("Caller's name").fill("Sean O'Brien")
    page.get_by_role("button", name="Continue").click()
    _expect_step(page, "Who is calling")
    check_axe(page, "step after swap")

    page.get_by_role("button", name="Continue").click()
    page.locator("#step .govuk-error-summary").wait_for()
    page.wait_for_function(
        "() => document.activeElement"
        " && document.activeElement.closest('.govuk-error-summary')"
    )
    assert page.title() == "Error: Who is calling – Duty line desk"
    check_axe(page, "error summary after swap")

    page.get_by_label("The foreign national offender").check()
    page.get_by_role("button", name="Continue").click()
    _expect_step(page, "Ask for the Home Office reference")
    page.get_by_label("Yes").check()
    page.get_by_label("Home Office reference").fill("B1234567")
    page.get_by_role("button", name="Continue").click()
    _expect_step(page, "Check the caller reached the right team")
    page.get_by_label("What is the call about?").fill("Travel document <b>query</b>")
    page.get_by_role("button", name="Continue").click()
    _expect_step(page, "Pass the call on")
    page.get_by_role("button", name="Pass the call").click()
    _expect_step(page, "Call passed on")
    assert "Tom O'Connor" in page.locator("#step").inner_text()
    assert "Travel document <b>query</b>" in page.locator("#call-record").inner_text()
    check_axe(page, "passed call")
    no_js_errors(page)

    call = _call()
    assert call.status == CallStatus.PASSED
    assert call.passed_to_id == world.owner.id

    owner = new_page()
    sign_in(owner, "owner")
    owner.goto("/calls/incoming")
    check_axe(owner, "incoming calls")
    owner.get_by_role("button", name="Take call").click()
    owner.locator("#step-heading").filter(
        has_text="Check the caller is the offender"
    ).wait_for()
    assert "Travel document <b>query</b>" in owner.locator("#call-record").inner_text()
    check_axe(owner, "taken call")
    no_js_errors(owner)
    call = _call()
    assert call.status == CallStatus.IN_PROGRESS
    assert call.handler_id == world.owner.id


def test_whole_call_by_keyboard_alone(world, new_page):
    page = new_page()
    sign_in(page, "admin")
    page.goto("/calls/new")
    page.get_by_label(world.team.name).focus()
    page.keyboard.press("Space")
    _tab_to(page, "Start the call")
    page.keyboard.press("Enter")
    page.locator("#step-heading").filter(has_text="Greet the caller").wait_for()

    _tab_to(page, "I have greeted the caller")
    page.keyboard.press("Enter")
    _expect_step(page, "Explain the short questions")
    page.keyboard.press("Tab")
    page.keyboard.type("Sean O'Brien")
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    _expect_step(page, "Who is calling")
    _tab_to(page, "The foreign national offender")
    page.keyboard.press("Space")
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    _expect_step(page, "Ask for the Home Office reference")
    _tab_to(page, "Yes")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("B1234567")
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    _expect_step(page, "Check the caller reached the right team")
    _tab_to(page, "What is the call about?")
    page.keyboard.type("Travel documents")
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    _expect_step(page, "Pass the call on")
    _tab_to(page, "Pass the call")
    page.keyboard.press("Space")
    _expect_step(page, "Call passed on")
    no_js_errors(page)
    assert _call().passed_to_id == world.owner.id


def _tab_to(page, name, limit=40):
    """Press Tab until the focused element is labelled or reads as name."""
    script = """(name) => {
      const el = document.activeElement;
      if (!el) return false;
      const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
      return [el.textContent, label, el.getAttribute('aria-label') || ""]
        .some(t => t && t.trim() === name);
    }"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(script, name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_htmx_step_post_carries_csrf_token(world, new_page):
    page = new_page()
    sign_in(page, "admin")
    _start_call(page, world.team.name)
    with page.expect_response(lambda r: "/steps/" in r.url) as posted:
        page.get_by_role("button", name="I have greeted the caller").click()
    response = posted.value
    assert response.status == 200
    assert response.request.header_value("x-csrftoken")
    assert response.request.header_value("hx-request") == "true"
    _expect_step(page, "Explain the short questions")
    call = _call()
    assert [s.step_id for s in call.steps] == ["greeting"]
    assert db.session.scalar(db.select(db.func.count(CallStep.id))) == 1


def test_wrong_csrf_token_keeps_typed_answers(world, new_page):
    page = new_page()
    sign_in(page, "admin")
    _start_call(page, world.team.name)
    page.get_by_role("button", name="I have greeted the caller").click()
    _expect_step(page, "Explain the short questions")
    page.evaluate(
        """document.body.setAttribute('hx-headers', '{"X-CSRFToken": "forged"}');
           for (const input of document.querySelectorAll('input[name=csrf_token]')) {
             input.value = 'forged';
           }"""
    )
    page.get_by_label("Caller's name").fill("Sean O'Brien")
    page.get_by_role("button", name="Continue").click()

    summary = page.locator("#step .govuk-error-summary")
    summary.wait_for()
    assert "not saved" in summary.inner_text()
    page.wait_for_function(
        "() => document.activeElement"
        " && document.activeElement.closest('.govuk-error-summary')"
    )
    assert page.get_by_label("Caller's name").input_value() == "Sean O'Brien"
    check_axe(page, "page expired banner")
    assert [s.step_id for s in _call().steps] == ["greeting"]

    page.reload()
    page.get_by_label("Caller's name").fill("Sean O'Brien")
    page.get_by_role("button", name="Continue").click()
    _expect_step(page, "Who is calling")
    assert [s.step_id for s in _call().steps] == ["greeting", "short_questions"]


def test_expired_session_sends_whole_page_to_login_and_back(world, app, new_page):
    page = new_page()
    sign_in(page, "admin")
    _start_call(page, world.team.name)
    call_path = page.url.removeprefix(page.url.split("/calls/")[0])
    page.get_by_role("button", name="I have greeted the caller").click()
    _expect_step(page, "Explain the short questions")
    page.context.clear_cookies()

    page.get_by_label("Caller's name").fill("Sean O'Brien")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/login?next=" in url)
    assert page.locator("#step").count() == 0
    page.fill("#username", "admin")
    page.fill("#password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{call_path}")
    _expect_step_on_load(page, "Explain the short questions")
    no_js_errors(page)


def _expect_step_on_load(page, title):
    page.locator("#step-heading").filter(has_text=title).wait_for()


@pytest.mark.parametrize("failure", ["server error", "no response"])
def test_failed_step_post_says_so_and_keeps_answers(world, new_page, failure):
    page = new_page()
    sign_in(page, "admin")
    _start_call(page, world.team.name)
    page.get_by_role("button", name="I have greeted the caller").click()
    _expect_step(page, "Explain the short questions")

    def fail(route):
        if failure == "server error":
            route.fulfill(status=500, body="Internal Server Error")
        else:
            route.abort("connectionrefused")

    page.route("**/steps/**", fail)
    page.get_by_label("Caller's name").fill("Sean O'Brien")
    page.get_by_role("button", name="Continue").click()

    summary = page.locator("#step .app-step-failure")
    summary.wait_for()
    assert "Your answers were not saved" in summary.inner_text()
    page.wait_for_function(
        "() => document.activeElement"
        " && document.activeElement.classList.contains('app-step-failure')"
    )
    assert page.get_by_label("Caller's name").input_value() == "Sean O'Brien"
    check_axe(page, "step failure message")

    page.unroute("**/steps/**")
    # GOV.UK's prevent-double-click ignores a second click within one second.
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Continue").click()
    _expect_step(page, "Who is calling")
    assert page.locator(".app-step-failure").count() == 0
