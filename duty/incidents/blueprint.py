"""The incidents blueprint, its access checks and the globals its templates use."""

from flask import Blueprint, abort, g, render_template
from flask_login import current_user
from sqlalchemy import exists, select

from duty import audit
from duty.auth.models import Role
from duty.auth.permissions import refuse
from duty.calls import service
from duty.calls.models import Call
from duty.extensions import db
from duty.guidance import facts
from duty.incidents import abuse, rules, sheets
from duty.incidents.forms import FormResult
from duty.incidents.models import (
    AbuseEntry,
    AbuseSheet,
    CaseFileCopy,
    Complaint,
    ThreatReport,
)

bp = Blueprint("incidents", __name__, url_prefix="/incidents")


@bp.record_once
def _add_template_globals(state) -> None:
    # Globals, unlike context processors, reach macros imported without context.
    state.app.jinja_env.globals.update(
        incident_rules=rules,
        complaints_address=facts.COMPLAINTS_ADDRESS,
        complaints_email=facts.COMPLAINTS_EMAIL,
    )


@bp.app_template_global()
def call_incidents(call: Call) -> dict:
    """Return what has been recorded about abuse, threats and complaints on a call.

    The call screen's record and action bar both call this during one render,
    so the result is cached for the rest of the request.
    """
    cache = g.setdefault("call_incidents", {})
    if call.id not in cache:
        cache[call.id] = _load_call_incidents(call)
    return cache[call.id]


def _load_call_incidents(call: Call) -> dict:
    # Most calls have no incident, so one EXISTS query finds which kinds are
    # present and only those are loaded.
    has_entries, has_threats, has_complaints, has_sheet = db.session.execute(
        select(
            _recorded_on(AbuseEntry, call),
            _recorded_on(ThreatReport, call),
            _recorded_on(Complaint, call),
            _recorded_on(AbuseSheet, call),
        )
    ).one()
    entries = abuse.entries_for(call) if has_entries else []
    threats = []
    if has_threats:
        threats = db.session.scalars(
            select(ThreatReport).where(ThreatReport.call_id == call.id)
        ).all()
    complaints = []
    if has_complaints:
        complaints = db.session.scalars(
            select(Complaint).where(Complaint.call_id == call.id)
        ).all()
    return {
        "entries": entries,
        "warned": any(entry.kind == "warning" for entry in entries),
        "threats": threats,
        "complaints": complaints,
        "sheet": sheets.sheet_for_call(call) if has_sheet else None,
    }


def _recorded_on(model, call: Call):
    return exists().where(model.call_id == call.id)


@bp.app_template_global()
def call_step_title(call: Call) -> str:
    return abuse.step_title(call)


@bp.app_template_global()
def file_copies_for(case) -> list[CaseFileCopy]:
    return db.session.scalars(
        select(CaseFileCopy)
        .where(CaseFileCopy.case_id == case.id)
        .order_by(CaseFileCopy.placed_at.desc())
    ).all()


def render_call_form(template: str, call: Call, result=None, status=200, **extra):
    """Render a form opened from the call screen, with a fresh form key."""
    result = result or FormResult()
    page = render_template(
        template,
        call=call,
        values=result.values,
        errors=result.errors,
        messages=result.messages,
        form_key=service.new_form_key(),
        **extra,
    )
    return page, status


def is_team_manager(user, team_id: int) -> bool:
    return user.has_role(Role.MANAGER) and user.team_id == team_id


def load_by_public_id(model, public_id: str):
    item = db.session.scalar(select(model).where(model.public_id == public_id))
    if item is None:
        abort(404)
    return item


def load_sheet(public_id: str) -> AbuseSheet:
    """Load a sheet for its author, the area's assistant directors or team managers."""
    sheet = load_by_public_id(AbuseSheet, public_id)
    user = current_user
    allowed = (
        sheet.completed_by_id == user.id
        or is_team_manager(user, sheet.team_id)
        or (
            user.has_role(Role.ASSISTANT_DIRECTOR)
            and sheet.team_id in sheets.area_team_ids(user)
        )
    )
    if not allowed:
        refuse(
            "record sheet outside this user's team or area", "abuse_sheet", public_id
        )
    return sheet


def load_threat(public_id: str) -> ThreatReport:
    threat = load_by_public_id(ThreatReport, public_id)
    if not (
        threat.reported_by_id == current_user.id
        or is_team_manager(current_user, threat.team_id)
    ):
        refuse("threat report of another user", "threat", public_id, threat.call_id)
    return threat


def load_complaint(public_id: str) -> Complaint:
    complaint = load_by_public_id(Complaint, public_id)
    if not (
        complaint.recorded_by_id == current_user.id
        or is_team_manager(current_user, complaint.team_id)
    ):
        refuse("complaint of another user", "complaint", public_id, complaint.call_id)
    return complaint


def audit_view(action: str, object_type: str, public_id: str, call_id=None) -> None:
    audit.record(action, object_type, public_id, call_id=call_id)
    db.session.commit()
