"""Every lines route, as every role and anonymously, on own and another team."""

import pytest

from duty.auth.models import Role
from duty.extensions import db
from duty.teams.line_models import Voicemail
from duty.teams.models import Absence
from duty.timeutil import utcnow

ANON = "anonymous"
ROLES = [ANON, *(str(role) for role in Role)]
PUBLIC = frozenset(ROLES)
CALL = frozenset({"admin_officer", "case_owner", "team_leader", "manager"})
LINES = CALL | {"assistant_director"}
MANAGER = frozenset({"manager"})
NOBODY = frozenset()

# (method, path pattern): (roles allowed on their own team, on another team)
MATRIX = {
    ("GET", "/lines"): (LINES, LINES),
    ("GET", "/directory"): (LINES, LINES),
    ("GET", "/lines/{team}/status.json"): (PUBLIC, PUBLIC),
    ("GET", "/lines/{team}/start-call?caller=0161"): (CALL, CALL),
    ("POST", "/lines/{team}/start-call"): (CALL, CALL),
    ("GET", "/lines/{team}"): (CALL, NOBODY),
    ("POST", "/lines/{team}/diversion"): (CALL, NOBODY),
    ("GET", "/lines/{team}/voicemail"): (CALL, NOBODY),
    ("POST", "/lines/{team}/voicemail"): (CALL, NOBODY),
    ("POST", "/lines/{team}/voicemail/{message}/dealt-with"): (CALL, NOBODY),
    ("GET", "/lines/{team}/rota"): (CALL, NOBODY),
    ("POST", "/lines/{team}/absences"): (MANAGER, NOBODY),
    ("POST", "/lines/{team}/absences/{absence}/delete"): (MANAGER, NOBODY),
    ("POST", "/lines/{team}/covers"): (MANAGER, NOBODY),
    ("POST", "/lines/{team}/first-answerer"): (MANAGER, NOBODY),
    ("GET", "/lines/{team}/settings"): (MANAGER, NOBODY),
    ("POST", "/lines/{team}/settings"): (MANAGER, NOBODY),
    ("GET", "/lines/{team}/message"): (MANAGER, NOBODY),
    ("POST", "/lines/{team}/message"): (MANAGER, NOBODY),
    ("GET", "/lines/{team}/staff"): (MANAGER, NOBODY),
    ("GET", "/lines/{team}/staff/{member}"): (MANAGER, NOBODY),
    ("POST", "/lines/{team}/staff/{member}"): (MANAGER, NOBODY),
    ("POST", "/lines/{team}/training"): (MANAGER, NOBODY),
    ("GET", "/oversight"): (MANAGER, MANAGER),
    ("GET", "/oversight.csv"): (MANAGER, MANAGER),
}


def test_every_lines_route_has_a_row(app):
    rules = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("lines.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {
        (
            method,
            path.split("?")[0]
            .replace("{team}", "<int:team_id>")
            .replace("{message}", "<int:message_id>")
            .replace("{absence}", "<int:absence_id>")
            .replace("{member}", "<int:user_id>"),
        )
        for method, path in MATRIX
    }

    assert rules - covered == set()


@pytest.fixture
def teams(world, build):
    for team in (world.team, world.other):
        team.allows_voicemail = True
    people = {}
    for team, suffix in ((world.team, ""), (world.other, ".other")):
        for role in Role:
            people[str(role) + suffix] = build.user(f"m.{role}{suffix}", role, team)
    db.session.commit()
    return world, people


def _path(pattern, team, people, suffix):
    message = Voicemail(
        team_id=team.id,
        left_at=utcnow(),
        due_at=utcnow(),
        logged_by_id=people["admin_officer" + suffix].id,
    )
    absence = Absence(
        user_id=people["case_owner" + suffix].id,
        starts_on=utcnow().date(),
        ends_on=utcnow().date(),
    )
    db.session.add_all([message, absence])
    db.session.commit()
    return pattern.format(
        team=team.id,
        message=message.id,
        absence=absence.id,
        member=people["case_owner" + suffix].id,
    )


@pytest.mark.parametrize("own_team", [True, False], ids=["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_lines_permission_matrix(app, teams, client, login_as, role, own_team):
    world, people = teams
    if role != ANON:
        login_as(people[role])
    target, suffix = (world.team, "") if own_team else (world.other, ".other")

    wrong = []
    for (method, pattern), (own, other) in MATRIX.items():
        allowed = role in (own if own_team else other)
        path = _path(pattern, target, people, suffix)
        response = client.open(path, method=method, data={})
        refused = response.status_code == 403 or (
            response.status_code == 302 and "/login" in response.location
        )
        if allowed == refused:
            wrong.append(f"{method} {path}: {response.status_code}")

    assert wrong == []
