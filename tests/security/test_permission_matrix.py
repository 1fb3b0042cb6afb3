"""Every route, requested anonymously and as every role, on records of the
user's own team and of another team, against the table below.

Each request names records built for it, so a route that lets a user reach
another team's record fails its row. A 404 for a record built here fails
too, because it means the URL named the wrong record.
A route added to the app without a row here fails test_every_route_has_a_row.
"""

from datetime import timedelta
from functools import cached_property

import pytest
from flask import url_for
from sqlalchemy import select

from duty.auth.models import Role
from duty.calls.models import Call, CallStatus
from duty.cases.models import Establishment, find_establishment
from duty.extensions import db
from duty.followups.models import FollowUp
from duty.incidents import complaints, sheets, threats
from duty.incidents.models import (
    AbuseSheet,
    CaseFileCopy,
    Complaint,
    EstablishmentFollowUp,
    ThreatReport,
)
from duty.letters.chooser import propose
from duty.letters.models import Letter
from duty.letters.requests import LetterChoice, new_form_key, read_reply_form
from duty.letters.service import create_letter
from duty.sandbox.binding import PRACTICE_PREFIX
from duty.sandbox.models import PracticeAttempt
from duty.teams.line_models import Voicemail
from duty.teams.models import Absence
from duty.timeutil import local_today, utcnow
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
AUTHOR = HANDLER  # who recorded the seeded threats, complaints and record sheets
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
    # Each manager sees their own team's part of the record; no URL names a team.
    ("audit.search_events", "GET"): same(MANAGER),
    ("audit.export_events", "GET"): same(MANAGER),
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
    # A follow-up is for its owner (the case owner here) and for the team
    # leaders and managers of its team, who see it on the overdue list.
    ("followups.mark_done", "POST"): (CASEWORK, NOBODY),
    ("followups.record_delay", "GET"): (CASEWORK, NOBODY),
    ("followups.record_delay", "POST"): (CASEWORK, NOBODY),
    # Deliberately cross-team: an assistant director receives the record
    # sheets of every team in their region, and both teams here are in England.
    ("incidents.acknowledge_sheet", "POST"): same(AD),
    # Threats, complaints and record sheets are for the person who recorded
    # them and for the managers of their team.
    ("incidents.close_complaint", "POST"): (MANAGER, NOBODY),
    ("incidents.complete_follow_up", "POST"): (MANAGER, NOBODY),
    ("incidents.end_abusive_call", "POST"): (HANDLER, NOBODY),
    ("incidents.export_sheets", "GET"): same(MANAGER | AD),
    ("incidents.give_warning", "POST"): (HANDLER, NOBODY),
    ("incidents.record_behaviour", "POST"): (HANDLER, NOBODY),
    ("incidents.record_complaint", "POST"): (HANDLER, NOBODY),
    ("incidents.record_referral", "POST"): (AUTHOR | MANAGER, NOBODY),
    ("incidents.report_threat", "POST"): (HANDLER, NOBODY),
    ("incidents.show_behaviour_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_complaint", "GET"): (AUTHOR | MANAGER, NOBODY),
    ("incidents.show_complaint_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_export", "GET"): same(MANAGER | AD),
    ("incidents.show_file_copy", "GET"): (CASEWORK, NOBODY),
    ("incidents.show_incidents", "GET"): same(MANAGER),
    ("incidents.show_queue", "GET"): same(AD),
    # Deliberately cross-team for the assistant director, as for acknowledging.
    ("incidents.show_sheet", "GET"): (AUTHOR | MANAGER | AD, AD),
    ("incidents.show_sheet_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_termination", "GET"): (HANDLER, NOBODY),
    ("incidents.show_threat", "GET"): (AUTHOR | MANAGER, NOBODY),
    ("incidents.show_threat_form", "GET"): (HANDLER, NOBODY),
    ("incidents.show_warning", "GET"): (HANDLER, NOBODY),
    ("incidents.submit_sheet", "POST"): (HANDLER, NOBODY),
    ("letters.add_letter", "POST"): (CASEWORK, NOBODY),
    ("letters.add_reply", "POST"): (CASEWORK, NOBODY),
    ("letters.download_letter", "GET"): (CASEWORK, NOBODY),
    ("letters.list_letters", "GET"): (CASEWORK, NOBODY),
    ("letters.list_tasks", "GET"): same(CASEWORK),
    # The establishments register is national: every team reads it, managers edit it.
    ("letters.list_establishments", "GET"): same(CASEWORK),
    ("letters.new_establishment", "GET"): same(MANAGER),
    ("letters.add_establishment", "POST"): same(MANAGER),
    ("letters.edit_establishment", "GET"): same(MANAGER),
    ("letters.save_establishment", "POST"): same(MANAGER),
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
    # Practice-only routes are requested under /practice, where everyone
    # signed in plays a call role, and an attempt is for the person who made
    # it (the trainee here). In live mode they do not exist (404), as
    # test_practice_only_routes_missing_live checks.
    ("sandbox.finish_attempt", "POST"): (TRAINEE, NOBODY),
    ("sandbox.list_results", "GET"): same(MANAGER),
    ("sandbox.reset_practice", "GET"): same(MANAGER),
    ("sandbox.reset_practice", "POST"): same(MANAGER),
    ("sandbox.show_debrief", "GET"): (TRAINEE, NOBODY),
    ("sandbox.show_result", "GET"): (MANAGER, NOBODY),
    ("sandbox.start_scenario", "POST"): same(SIGNED_IN),
    ("sandbox.switch_to_practice", "GET"): same(SIGNED_IN - TRAINEE),
    ("sandbox.switch_to_practice", "POST"): same(SIGNED_IN - TRAINEE),
    ("sandbox.take_over_call", "POST"): (TRAINEE, NOBODY),
}

# URL arguments that name one team's record, so the route is also requested
# on the other team's record.
TEAM_ARGUMENTS = {
    "absence_id",
    "attempt_id",
    "copy_id",
    "follow_up_id",
    "letter_id",
    "message_id",
    "public_id",
    "reference",
    "team_id",
    "user_id",
}
TEAM_FORMS = {"calls.start_call"}
MISSING_ID = 999999  # for a URL argument that names no record built here
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


class Records:
    """One team's records for one request, each built on first use.

    A team's follow-up belongs to its case owner and its incidents were
    recorded by its admin officer. The own team's practice attempt is the
    trainee's, and the other team's is its admin officer's.
    """

    def __init__(self, app, world, people, scope):
        users, other_admin = people
        own = scope == "own"
        self.app = app
        self.team = world.team if own else world.other
        self.case = world.case if own else world.other_case
        self.admin = users["admin_officer"] if own else other_admin
        self.owner = world.owner if own else world.other_owner
        self.practiser = users["trainee"] if own else other_admin

    def _call(self, **fields) -> Call:
        call = Call(
            team_id=self.team.id,
            answered_by_id=self.admin.id,
            handler_id=self.admin.id,
            case_id=self.case.id,
            **fields,
        )
        db.session.add(call)
        db.session.commit()
        return call

    @cached_property
    def open_call(self) -> Call:
        return self._call()

    @cached_property
    def establishment(self) -> Establishment:
        """The register's entry for the world's prison; the register is national."""
        return find_establishment("HMP Northmoor")

    @cached_property
    def passed_call(self) -> Call:
        return self._call(
            status=CallStatus.PASSED,
            outcome="passed",
            passed_to_id=self.owner.id,
            passed_at=utcnow(),
            step="route",
        )

    @cached_property
    def abusive_call(self) -> Call:
        """An ended call that carries the team's threat, complaint and record sheet."""
        return self._call(
            status=CallStatus.ENDED,
            outcome="abusive_terminated",
            ended_at=utcnow(),
            caller_name="Karl Webb",
        )

    @cached_property
    def follow_up(self) -> FollowUp:
        due = utcnow() + timedelta(days=3)
        follow_up = FollowUp(
            team_id=self.team.id,
            case_id=self.case.id,
            owner_id=self.owner.id,
            created_by_id=self.owner.id,
            kind="call_back",
            detail="Ring back about bail",
            due_at=due,
            first_due_at=due,
        )
        db.session.add(follow_up)
        db.session.commit()
        return follow_up

    @cached_property
    def sheet(self) -> AbuseSheet:
        """A record sheet, copied to the file and followed up with the prison."""
        data = {
            "behaviours": ["shouting"],
            "what_was_said": "Shouted at the officer.",
            "what_was_done": "Warned, then ended the call.",
        }
        key = new_form_key()
        outcome = sheets.save_sheet(self.abusive_call, self.admin, data, key)
        assert outcome.sheet.follow_up is not None, "the case is not held in prison"
        return outcome.sheet

    @cached_property
    def establishment_follow_up(self) -> EstablishmentFollowUp:
        return self.sheet.follow_up

    @cached_property
    def file_copy(self) -> CaseFileCopy:
        return db.session.scalar(
            select(CaseFileCopy).where(CaseFileCopy.sheet_id == self.sheet.id)
        )

    @cached_property
    def threat(self) -> ThreatReport:
        data = {
            "categories": ["staff_or_minister"],
            "what_was_said": "Threatened the officer.",
            "establishment": "",
            "police": True,
        }
        key = new_form_key()
        return threats.save_threat(self.abusive_call, self.admin, data, key).threat

    @cached_property
    def complaint(self) -> Complaint:
        data = {"kind": "operational", "route": "verbal", "details": "Slow reply."}
        key = new_form_key()
        outcome = complaints.save_complaint(self.abusive_call, self.admin, data, key)
        return outcome.complaint

    @cached_property
    def letter(self) -> Letter:
        proposal = propose(self.case.custody_status, "offender", "allocation")
        choice = LetterChoice(
            recipient="offender",
            purpose="allocation",
            template=proposal.template,
            proposed=proposal.template,
        )
        with self.app.test_request_context():  # the letter is rendered from a template
            return create_letter(self.case, choice, self.owner)

    @cached_property
    def reply(self) -> Letter:
        form = {"recipient": "offender", "reply_method": "post", "body": "We wrote."}
        choice, errors = read_reply_form(self.case, form, self.open_call)
        assert not errors, errors
        with self.app.test_request_context():
            return create_letter(self.case, choice, self.owner)

    @cached_property
    def voicemail(self) -> Voicemail:
        message = Voicemail(
            team_id=self.team.id,
            left_at=utcnow(),
            due_at=utcnow() + timedelta(days=1),
            logged_by_id=self.admin.id,
        )
        db.session.add(message)
        db.session.commit()
        return message

    @cached_property
    def absence(self) -> Absence:
        today = local_today()
        absence = Absence(user_id=self.owner.id, starts_on=today, ends_on=today)
        db.session.add(absence)
        db.session.commit()
        return absence

    @cached_property
    def attempt(self) -> PracticeAttempt:
        """A practice attempt started over HTTP, its call in the practice database."""
        client = act_as(self.app.test_client(), self.practiser)
        response = client.post(f"{PRACTICE_PREFIX}/scenarios/{SCENARIO}/start")
        assert response.status_code == 303, response.status_code
        public_id = response.headers["Location"].rsplit("/", 1)[1]
        return db.session.scalar(
            select(PracticeAttempt).where(PracticeAttempt.call_public_id == public_id)
        )


# The Records attribute a URL argument names: a public_id by the start of
# the route's path, other arguments by endpoint. An attempt_id always names
# the practice attempt.
PUBLIC_IDS = {
    "/calls/": "open_call",
    "/incidents/calls/": "open_call",
    "/incidents/record-sheets/": "sheet",
    "/incidents/threats/": "threat",
    "/incidents/complaints/": "complaint",
}
RECORDS = {
    ("calls.take_call", "public_id"): "passed_call",
    ("followups.mark_done", "follow_up_id"): "follow_up",
    ("followups.record_delay", "follow_up_id"): "follow_up",
    ("incidents.complete_follow_up", "follow_up_id"): "establishment_follow_up",
    ("incidents.show_file_copy", "copy_id"): "file_copy",
    ("letters.show_letter", "letter_id"): "letter",
    ("letters.download_letter", "letter_id"): "reply",
    ("letters.edit_establishment", "establishment_id"): "establishment",
    ("letters.save_establishment", "establishment_id"): "establishment",
    ("lines.clear_voicemail", "message_id"): "voicemail",
    ("lines.remove_absence", "absence_id"): "absence",
    ("lines.edit_staff", "user_id"): "owner",
    ("lines.save_staff", "user_id"): "owner",
}
SCENARIO = "press-call"


def _record(rule, name, records):
    """Return the record a URL argument names, or None if no record is built for it."""
    if name == "attempt_id":
        return records.attempt
    path = RECORDS.get((rule.endpoint, name))
    if path is None and name == "public_id":
        prefixes = [prefix for prefix in PUBLIC_IDS if rule.rule.startswith(prefix)]
        path = PUBLIC_IDS[max(prefixes, key=len)] if prefixes else None
    return None if path is None else getattr(records, path)


def _url(app, endpoint, records, team_records=None) -> tuple[str, bool]:
    """Return the route's URL, and whether every record argument names a real record.

    The team and case in the URL are those of team_records when given, else
    of records.
    """
    team_records = team_records or records
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {
        "step_id": "greeting",
        "reference": team_records.case.reference,
        "slug": "initial-call",
        "filename": FILES.get(endpoint),
        "team_id": team_records.team.id,
        "recipient": "police",
        "scenario_id": SCENARIO,
    }
    args = {}
    real = True
    for name in rule.arguments:
        record = _record(rule, name, records)
        if record is not None:
            args[name] = record.public_id if name == "public_id" else record.id
        elif name in values:
            args[name] = values[name]
        else:
            args[name] = MISSING_ID
            real = False
    with app.test_request_context():
        url = url_for(endpoint, **args)
    if endpoint in PRACTICE_ONLY:
        url = PRACTICE_PREFIX + url
    return url, real


def _allowed(response, role, url, real) -> bool:
    """Return whether the request got past the access checks."""
    if role == ANON:
        location = response.headers.get("Location", "")
        signing_in = location.startswith(("/login", f"{PRACTICE_PREFIX}/login"))
        return not (response.status_code == 302 and signing_in)
    if real:
        assert response.status_code != 404, f"{url}: the request's record was not found"
    return response.status_code != 403


@pytest.mark.parametrize("endpoint, method", sorted(MATRIX))
def test_route_allows_only_its_roles(app, world, people, endpoint, method):
    users, _ = people
    outcomes = []
    scopes = list(zip(("own", "other"), MATRIX[(endpoint, method)], strict=True))
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    if not rule.arguments & TEAM_ARGUMENTS and endpoint not in TEAM_FORMS:
        scopes = scopes[:1]  # the request does not name a team's record
    for scope, allowed_roles in scopes:
        for role in ROLES:
            records = Records(app, world, people, scope)
            url, real = _url(app, endpoint, records)
            client = app.test_client()
            if role != ANON:
                act_as(client, users[role])
            data = {"team_id": records.team.id, **FORMS.get(endpoint, {})}
            response = client.open(url, method=method, data=data)
            allowed = _allowed(response, role, url, real)
            if allowed != (role in allowed_roles):
                outcomes.append(f"{role} on {scope} team: got {response.status_code}")
    assert not outcomes, f"{method} {endpoint}: " + "; ".join(outcomes)


def test_practice_only_routes_missing_live(app, world, people):
    users, _ = people
    client = act_as(app.test_client(), users["admin_officer"])
    records = Records(app, world, people, "own")

    for endpoint, method in sorted(MATRIX):
        if endpoint not in PRACTICE_ONLY:
            continue
        url, _ = _url(app, endpoint, records)
        live_url = url.removeprefix(PRACTICE_PREFIX)
        response = client.open(live_url, method=method)
        assert response.status_code == 404, f"{live_url}: {response.status_code}"


# Routes whose URL names the team or case and one of its records. With the
# own team in the URL and the other team's record, the record is not found,
# except that removing an absence again is no error, so it only redirects.
MIXED = {
    ("letters.download_letter", "GET"): 404,
    ("letters.show_letter", "GET"): 404,
    ("lines.clear_voicemail", "POST"): 404,
    ("lines.edit_staff", "GET"): 404,
    ("lines.remove_absence", "POST"): 303,
    ("lines.save_staff", "POST"): 404,
}


def test_other_teams_record_under_own_url(app, world, people):
    users, _ = people
    client = act_as(app.test_client(), users["manager"])
    outcomes = []

    for (endpoint, method), expected in sorted(MIXED.items()):
        own = Records(app, world, people, "own")
        other = Records(app, world, people, "other")
        url, _ = _url(app, endpoint, other, team_records=own)
        response = client.open(url, method=method, data={"outcome": "Rang back"})
        if response.status_code != expected:
            outcomes.append(f"{method} {url}: got {response.status_code}")
        if endpoint == "lines.remove_absence":
            absence_id = other.absence.id

    db.session.expire_all()
    assert not outcomes, "; ".join(outcomes)
    assert db.session.get(Absence, absence_id) is not None
