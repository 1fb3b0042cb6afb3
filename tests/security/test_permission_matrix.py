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
HANDLER = frozenset({"admin_officer"})  # the seeded calls are handled by the admin
NOBODY = frozenset()


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
    ("cases.search_cases", "GET"): same(CASEWORK),
    ("cases.show_case", "GET"): (CASEWORK, NOBODY),
}

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


def _url(app, endpoint, records):
    args = {}
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    for name in rule.arguments:
        args[name] = {
            "public_id": (
                records["passed"] if endpoint == "calls.take_call" else records["open"]
            ).public_id,
            "step_id": "greeting",
            "reference": records["case"].reference,
            "slug": "initial-call",
            "filename": FILES.get(endpoint),
        }[name]
    with app.test_request_context():
        return url_for(endpoint, **args)


def _allowed(response, role) -> bool:
    if role == ANON:
        location = response.headers.get("Location", "")
        return not (response.status_code == 302 and location.startswith("/login"))
    assert response.status_code != 404, "the request's record was not found"
    return response.status_code != 403


@pytest.mark.parametrize("endpoint, method", sorted(MATRIX))
def test_route_allows_only_its_roles(app, world, people, endpoint, method):
    users, other_admin = people
    outcomes = []
    for scope, allowed_roles in zip(
        ("own", "other"), MATRIX[(endpoint, method)], strict=True
    ):
        for role in ROLES:
            records = _records(world, other_admin, scope)
            url = _url(app, endpoint, records)
            client = app.test_client()
            if role != ANON:
                act_as(client, users[role])
            data = {"team_id": records["team"].id, **FORMS.get(endpoint, {})}
            response = client.open(url, method=method, data=data)
            allowed = _allowed(response, role)
            if allowed != (role in allowed_roles):
                outcomes.append(f"{role} on {scope} team: got {response.status_code}")
    assert not outcomes, f"{method} {endpoint}: " + "; ".join(outcomes)
