"""Every route, requested anonymously and as every role, on records of the
user's own team and of another team, against the table below.

A route added to the app without a row here fails test_every_route_has_a_row.
"""

import pytest
from flask import url_for

from duty.auth.models import Role
from duty.calls.models import Call, CallStatus
from duty.extensions import db
from duty.timeutil import utcnow
from tests.security.helpers import act_as

ANON = "anonymous"
ROLES = [ANON, *(str(role) for role in Role)]
SIGNED_IN = frozenset(str(role) for role in Role)
PUBLIC = frozenset(ROLES)
CALL = frozenset({"admin_officer", "case_owner", "team_leader", "manager"})
CASEWORK = frozenset({"case_owner", "team_leader", "manager"})
LEADS = frozenset({"team_leader", "manager"})
MANAGER = frozenset({"manager"})
AD = frozenset({"assistant_director"})
HANDLER = frozenset({"admin_officer"})  # the seeded calls are handled by the admin
NOBODY = frozenset()
TRAINEE = frozenset({"trainee"})
PRACTICE_ONLY = {
    "sandbox.finish_attempt",
    "sandbox.show_debrief",
    "sandbox.start_scenario",
    "sandbox.take_over_call",
}


def same(roles):
    return (roles, roles)


# (endpoint, method): (roles allowed on their own team's records,
#                      roles allowed on another team's records)
MATRIX = {
    ("static", "GET"): same(PUBLIC),
    ("govuk_assets", "GET"): same(PUBLIC),
    ("main.healthz", "GET"): same(PUBLIC),
    ("main.start", "GET"): same(PUBLIC),
    ("auth.login", "GET"): same(PUBLIC),
    ("auth.login", "POST"): same(PUBLIC),
    ("auth.logout", "POST"): same(SIGNED_IN),
    ("main.home", "GET"): same(SIGNED_IN),
    ("guidance.index", "GET"): same(SIGNED_IN),
    ("guidance.topic", "GET"): same(SIGNED_IN),
    ("calls.new_call", "GET"): same(CALL),
    # Any team's line may ring on an officer's desk; the call belongs to that line.
    ("calls.start_call", "POST"): same(CALL),
    ("calls.incoming", "GET"): same(CALL),
    ("calls.team_log", "GET"): same(CALL),
    ("calls.export_log", "GET"): same(CALL),
    ("calls.show_call", "GET"): (CALL, NOBODY),
    ("calls.submit_step", "POST"): (HANDLER, NOBODY),
    ("calls.go_back", "POST"): (HANDLER, NOBODY),
    ("calls.end_call", "GET"): (HANDLER, NOBODY),
    ("calls.end_call", "POST"): (HANDLER, NOBODY),
    ("calls.take_call", "POST"): (CASEWORK, NOBODY),
    ("calls.list_unfinished", "GET"): same(LEADS),
    ("calls.close_unfinished_calls", "POST"): same(LEADS),
    ("calls.close_unfinished_call", "GET"): (LEADS, NOBODY),
    ("calls.close_unfinished_call", "POST"): (LEADS, NOBODY),
    ("cases.search_cases", "GET"): same(CASEWORK),
    ("cases.show_case", "GET"): (CASEWORK, NOBODY),
    ("calls.flag_unsure", "POST"): (HANDLER, NOBODY),
    # The seeded call has no verified caller, so the disclosure gate refuses all.
    ("calls.show_case_details", "GET"): same(NOBODY),
    ("calls.show_case_notes", "GET"): same(NOBODY),
    ("calls.show_letter", "GET"): same(NOBODY),
    ("followups.list_my_follow_ups", "GET"): same(CALL),
    ("followups.list_overdue", "GET"): same(LEADS),
    ("followups.mark_done", "POST"): same(CALL),
    ("followups.record_delay", "GET"): same(CALL),
    ("followups.record_delay", "POST"): same(CALL),
    ("incidents.acknowledge_sheet", "POST"): same(AD),
    ("incidents.close_complaint", "POST"): same(MANAGER),
    ("incidents.complete_follow_up", "POST"): same(MANAGER),
    ("incidents.end_abusive_call", "POST"): (HANDLER, NOBODY),
    ("incidents.export_sheets", "GET"): same(MANAGER | AD),
    ("incidents.give_warning", "POST"): (HANDLER, NOBODY),
    ("incidents.record_behaviour", "POST"): (HANDLER, NOBODY),
    ("incidents.record_complaint", "POST"): (HANDLER, NOBODY),
    ("incidents.record_referral", "POST"): same(CALL),
    ("incidents.report_threat", "POST"): (HANDLER, NOBODY),
    ("incidents.show_behaviour_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_complaint", "GET"): same(CALL),
    ("incidents.show_complaint_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_export", "GET"): same(MANAGER | AD),
    ("incidents.show_file_copy", "GET"): same(CASEWORK),
    ("incidents.show_incidents", "GET"): same(MANAGER),
    ("incidents.show_queue", "GET"): same(AD),
    ("incidents.show_sheet", "GET"): same(CALL | AD),
    ("incidents.show_sheet_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_termination", "GET"): (HANDLER, NOBODY),
    ("incidents.show_threat", "GET"): same(CALL),
    ("incidents.show_threat_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_warning", "GET"): (HANDLER, NOBODY),
    ("incidents.submit_sheet", "POST"): (HANDLER, NOBODY),
    ("letters.add_letter", "POST"): (CASEWORK, NOBODY),
    ("letters.add_reply", "POST"): (CASEWORK, NOBODY),
    ("letters.download_letter", "GET"): (CASEWORK, NOBODY),
    ("letters.list_letters", "GET"): (CASEWORK, NOBODY),
    ("letters.list_tasks", "GET"): same(CASEWORK),
    ("letters.move_case", "POST"): (LEADS, NOBODY),
    ("letters.new_letter", "GET"): (CASEWORK, NOBODY),
    ("letters.new_reply", "GET"): (CASEWORK, NOBODY),
    ("letters.new_transfer", "GET"): (LEADS, NOBODY),
    ("letters.show_letter", "GET"): (CASEWORK, NOBODY),
    ("lines.add_absence", "POST"): (MANAGER, NOBODY),
    ("lines.add_voicemail", "POST"): (CALL, NOBODY),
    ("lines.appoint_first_answerer", "POST"): (MANAGER, NOBODY),
    ("lines.clear_voicemail", "POST"): (CALL, NOBODY),
    ("lines.confirm_diversion", "POST"): (CALL, NOBODY),
    ("lines.edit_message", "GET"): (MANAGER, NOBODY),
    ("lines.edit_message", "POST"): (MANAGER, NOBODY),
    ("lines.edit_settings", "GET"): (MANAGER, NOBODY),
    ("lines.edit_staff", "GET"): (MANAGER, NOBODY),
    ("lines.export_oversight", "GET"): same(MANAGER),
    # For the telephone system, which has no account; trainees stay in practice.
    ("lines.line_status_json", "GET"): same(PUBLIC),
    ("lines.record_training", "POST"): (MANAGER, NOBODY),
    ("lines.remove_absence", "POST"): (MANAGER, NOBODY),
    ("lines.save_settings", "POST"): (MANAGER, NOBODY),
    ("lines.save_staff", "POST"): (MANAGER, NOBODY),
    ("lines.set_cover", "POST"): (MANAGER, NOBODY),
    ("lines.show_board", "GET"): same(CALL | AD),
    ("lines.show_directory", "GET"): same(CALL | AD),
    ("lines.show_line", "GET"): (CALL, NOBODY),
    ("lines.show_oversight", "GET"): same(MANAGER),
    ("lines.show_rota", "GET"): (CALL, NOBODY),
    ("lines.show_training", "GET"): (MANAGER, NOBODY),
    ("lines.show_voicemail", "GET"): (CALL, NOBODY),
    ("lines.start_call_on_line", "GET"): same(CALL),
    ("lines.start_call_on_line", "POST"): same(CALL),
    # Practice-only routes do not exist (404) for a session in live mode.
    ("sandbox.finish_attempt", "POST"): same(NOBODY),
    ("sandbox.list_results", "GET"): same(MANAGER),
    ("sandbox.reset_practice", "GET"): same(MANAGER),
    ("sandbox.reset_practice", "POST"): same(MANAGER),
    ("sandbox.show_debrief", "GET"): same(NOBODY),
    ("sandbox.show_result", "GET"): same(MANAGER),
    ("sandbox.start_scenario", "POST"): same(NOBODY),
    ("sandbox.switch_to_practice", "GET"): same(SIGNED_IN - TRAINEE),
    ("sandbox.switch_to_practice", "POST"): same(SIGNED_IN - TRAINEE),
    ("sandbox.take_over_call", "POST"): same(NOBODY),
}

TEAM_ARGUMENTS = {"public_id", "reference", "team_id"}
TEAM_FORMS = {"calls.start_call"}
MISSING_ID = 999999  # records not built here: the role check comes first
FILES = {"static": "app/app.css", "govuk_assets": "images/favicon.svg"}
FORMS = {
    "auth.login": {"username": "nobody", "password": "wrong-password-1"},
    "calls.submit_step": {"form_key": "matrix"},
}


def _routes(app):
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_has_a_row(app):
    routes = _routes(app)
    missing = routes - MATRIX.keys()
    stale = MATRIX.keys() - routes
    assert not missing, (
        f"routes with no row in the permission matrix: {sorted(missing)}"
    )
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


@pytest.fixture
def people(world, build):
    """One user of every role in the first team, and an officer in the other."""
    users = {
        "admin_officer": world.admin,
        "case_owner": world.owner,
        "team_leader": world.leader,
        "manager": world.manager,
        "assistant_director": build.user("ad", Role.ASSISTANT_DIRECTOR, world.team),
        "trainee": build.user("trainee", Role.TRAINEE, world.team),
    }
    other_admin = build.user("admin.mid", Role.ADMIN_OFFICER, world.other)
    return users, other_admin


def _records(world, other_admin, scope):
    """Fresh records for one request: an open call, a passed call and a case."""
    own = scope == "own"
    team = world.team if own else world.other
    admin = world.admin if own else other_admin
    case = world.case if own else world.other_case
    receiver = world.owner if own else world.other_owner
    open_call = Call(
        team_id=team.id, answered_by_id=admin.id, handler_id=admin.id, case_id=case.id
    )
    passed = Call(
        team_id=team.id,
        answered_by_id=admin.id,
        handler_id=admin.id,
        case_id=case.id,
        status=CallStatus.PASSED,
        outcome="passed",
        passed_to_id=receiver.id,
        passed_at=utcnow(),
        step="route",
    )
    db.session.add_all([open_call, passed])
    db.session.commit()
    return {"team": team, "open": open_call, "passed": passed, "case": case}


def _public_id(path, endpoint, records) -> str:
    """Return the call's id for call routes, and an unknown id for other records."""
    if "/calls/<public_id>" not in path:
        return str(MISSING_ID)
    call = records["passed"] if endpoint == "calls.take_call" else records["open"]
    return call.public_id


def _url(app, endpoint, records):
    args = {}
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    for name in rule.arguments:
        args[name] = {
            "public_id": _public_id(rule.rule, endpoint, records),
            "step_id": "greeting",
            "reference": records["case"].reference,
            "slug": "initial-call",
            "filename": FILES.get(endpoint),
            "team_id": records["team"].id,
            "recipient": "police",
            "scenario_id": "missing",
        }.get(name, MISSING_ID)
    with app.test_request_context():
        return url_for(endpoint, **args)


def _allowed(response, role, url, endpoint) -> bool:
    if endpoint in PRACTICE_ONLY:
        return response.status_code not in (403, 404)
    if role == ANON:
        location = response.headers.get("Location", "")
        return not (response.status_code == 302 and location.startswith("/login"))
    if str(MISSING_ID) not in url:
        assert response.status_code != 404, f"{url}: the request's record was not found"
    return response.status_code != 403


@pytest.mark.parametrize("endpoint, method", sorted(MATRIX))
def test_route_allows_only_its_roles(app, world, people, endpoint, method):
    users, other_admin = people
    outcomes = []
    scopes = list(zip(("own", "other"), MATRIX[(endpoint, method)], strict=True))
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    if not rule.arguments & TEAM_ARGUMENTS and endpoint not in TEAM_FORMS:
        scopes = scopes[:1]  # the request does not name a team's record
    for scope, allowed_roles in scopes:
        for role in ROLES:
            records = _records(world, other_admin, scope)
            url = _url(app, endpoint, records)
            client = app.test_client()
            if role != ANON:
                act_as(client, users[role])
            data = {"team_id": records["team"].id, **FORMS.get(endpoint, {})}
            response = client.open(url, method=method, data=data)
            allowed = _allowed(response, role, url, endpoint)
            if allowed != (role in allowed_roles):
                outcomes.append(f"{role} on {scope} team: got {response.status_code}")
    assert not outcomes, f"{method} {endpoint}: " + "; ".join(outcomes)
