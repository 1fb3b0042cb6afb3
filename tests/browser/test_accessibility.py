"""axe-core on every page type, and on the call screen's htmx swaps."""

import pytest

from tests.browser.conftest import check_axe, no_js_errors, sign_in

pytestmark = pytest.mark.browser


def test_login_page_and_its_errors(world, new_page):
    page = new_page()
    page.goto("/login")
    check_axe(page, "login")
    page.click("button[type=submit]")
    page.locator(".govuk-error-summary").wait_for()
    check_axe(page, "login with errors")
    no_js_errors(page)


@pytest.mark.parametrize(
    "username, paths",
    [
        (
            "manager",
            [
                "/",
                "/calls/incoming",
                "/calls/log",
                "/calls/log?from=nonsense",
                "/cases",
                "/cases?surname=&dob-day=1",
                "/cases?surname=Nowak&dob-day=1&dob-month=1&dob-year=1980",
                "/cases/B1234567",
                "/guidance",
                "/guidance/initial-call",
                "/no-such-page",
                "/cases/C7654321",
                "/establishments",
                "/establishments/new",
                "/audit",
                "/audit?person=Tom&from-day=31&from-month=2&from-year=2026",
            ],
        ),
        ("admin", ["/", "/calls/new", "/guidance/press-and-media"]),
    ],
)
def test_every_page_type_has_no_serious_violations(world, new_page, username, paths):
    page = new_page()
    sign_in(page, username)
    for path in paths:
        page.goto(path)
        check_axe(page, path)
    no_js_errors(page)


def test_end_call_page_and_ended_call(world, new_page):
    page = new_page()
    sign_in(page, "admin")
    page.goto("/calls/new")
    page.get_by_label(world.team.name).check()
    page.get_by_role("button", name="Start the call").click()
    page.locator("#step-heading").wait_for()
    page.get_by_role("link", name="End call").click()
    page.wait_for_url("**/end")
    check_axe(page, "end call")
    page.get_by_role("button", name="End call").click()
    page.locator("#step").filter(has_text="Call ended").wait_for()
    check_axe(page, "ended call")
    no_js_errors(page)


def test_incoming_list_refresh_is_background_and_accessible(world, new_page):
    from duty.calls.models import Call, CallStatus
    from duty.extensions import db
    from duty.timeutil import utcnow

    page = new_page()
    page.clock.install()
    sign_in(page, "owner")
    page.goto("/calls/incoming")
    assert "No calls are waiting" in page.locator("#incoming-list").inner_text()
    page.get_by_role("link", name="Guidance").focus()
    db.session.add(
        Call(
            team_id=world.team.id,
            answered_by_id=world.admin.id,
            handler_id=world.admin.id,
            case_id=world.case.id,
            caller_name="Sean O'Brien",
            status=CallStatus.PASSED,
            outcome="passed",
            passed_to_id=world.owner.id,
            passed_at=utcnow(),
        )
    )
    db.session.commit()

    with page.expect_request(lambda r: r.url.endswith("/calls/incoming")) as polled:
        page.clock.fast_forward(11_000)
    page.get_by_role("button", name="Take call").wait_for()

    assert polled.value.header_value("x-background-refresh") == "true"
    assert (
        page.evaluate("() => document.activeElement.textContent.trim()") == "Guidance"
    )
    check_axe(page, "incoming list after refresh")
    no_js_errors(page)


def test_audit_record_pages_and_pagination(world, new_page):
    from datetime import timedelta

    from duty.audit import AuditEvent
    from duty.extensions import db
    from duty.timeutil import utcnow

    for minute in range(60):
        db.session.add(
            AuditEvent(
                action="case.view",
                user_id=world.owner.id,
                role=world.owner.role,
                team_id=world.owner.team_id,
                at=utcnow() - timedelta(minutes=minute),
                object_type="case",
                object_id=world.case.reference,
                remote_addr="10.0.0.1",
            )
        )
    db.session.commit()

    page = new_page()
    sign_in(page, "manager")
    page.goto("/audit?action=case.view")
    check_axe(page, "audit record, first page")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**page=2")
    assert "Showing 51 to 60 of 60 events" in page.inner_text("#result-count")
    check_axe(page, "audit record, second page")
    page.fill("#to-day", "1")
    page.fill("#to-month", "1")
    page.fill("#to-year", "2026")
    page.fill("#from-day", "2")
    page.fill("#from-month", "1")
    page.fill("#from-year", "2026")
    page.get_by_role("button", name="Search").click()
    page.locator(".govuk-error-summary").wait_for()
    check_axe(page, "audit record with errors")


def _unfinished_call(world, caller_name):
    from datetime import timedelta

    from duty.calls.models import Call
    from duty.extensions import db
    from duty.timeutil import utcnow

    call = Call(
        team_id=world.team.id,
        answered_by_id=world.admin.id,
        handler_id=world.admin.id,
        case_id=world.case.id,
        caller_name=caller_name,
        started_at=utcnow() - timedelta(hours=2),
    )
    db.session.add(call)
    db.session.commit()
    return call.public_id


def test_unfinished_calls_pages_and_errors(world, new_page):
    first = _unfinished_call(world, "Sean O'Brien")
    second = _unfinished_call(world, "Jan Kowalski")

    handler = new_page()
    sign_in(handler, "admin")
    for path in ("/", "/calls/incoming"):
        handler.goto(path)
        handler.get_by_role("heading", name="Your calls in progress").wait_for()
        check_axe(handler, f"{path} with calls in progress")
    no_js_errors(handler)

    page = new_page()
    sign_in(page, "leader")
    page.goto("/calls/unfinished")
    check_axe(page, "unfinished calls")
    page.get_by_role("button", name="Close the selected calls").click()
    page.locator(".govuk-error-summary").wait_for()
    check_axe(page, "unfinished calls with errors")
    page.check(f"input[name=calls][value='{first}']")
    page.fill("#reason", "The line dropped")
    page.get_by_role("button", name="Close the selected calls").click()
    page.get_by_text("Closed 1 call as unfinished.").wait_for()
    check_axe(page, "unfinished calls after closing")

    page.goto(f"/calls/{second}/close-unfinished")
    check_axe(page, "close one unfinished call")
    page.get_by_role("button", name="Close the call").click()
    page.locator(".govuk-error-summary").wait_for()
    check_axe(page, "close one unfinished call with errors")
    page.goto(f"/calls/{first}")
    page.get_by_text("Closed by Marcus Reid").wait_for()
    check_axe(page, "call closed unfinished")
    no_js_errors(page)
