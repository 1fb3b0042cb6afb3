"""The abusive call record sheet: prefill, save, send, acknowledge, follow up."""

import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.auth.models import Role, User
from duty.calls import service
from duty.calls.models import Call
from duty.cases.models import CaseNote
from duty.extensions import db
from duty.incidents import abuse, rules
from duty.incidents.logs import log_duplicate
from duty.incidents.models import (
    AbuseSheet,
    CaseFileCopy,
    EstablishmentFollowUp,
    ThreatReport,
)
from duty.teams.models import Team
from duty.timeutil import format_local, utcnow

ALREADY_ACKNOWLEDGED = "already acknowledged"


@dataclass
class SheetOutcome:
    sheet: AbuseSheet | None = None
    duplicate: bool = False


def _time(moment) -> str:
    return format_local(moment, "%H:%M on %d %b %Y")


def prefill(call: Call) -> dict:
    """Return the sheet's values as far as the call record already contains them."""
    entries = abuse.entries_for(call)
    threats = _threats_on(call)
    chosen = {key for entry in entries for key in entry.behaviours}
    if threats:
        chosen.add("threatening")
    said = [entry.details for entry in entries if entry.details]
    said += [f"Threat: {threat.what_was_said}" for threat in threats]
    return {
        "behaviours": [key for key in rules.BEHAVIOURS if key in chosen],
        "what_was_said": "\n".join(said),
        "what_was_done": "\n".join(_actions_taken(entries, threats)),
    }


def _threats_on(call: Call) -> list[ThreatReport]:
    return db.session.scalars(
        select(ThreatReport)
        .where(ThreatReport.call_id == call.id)
        .order_by(ThreatReport.id)
    ).all()


def _actions_taken(entries, threats) -> list[str]:
    lines = []
    for entry in entries:
        if entry.kind == "warning":
            lines.append(f"Warning given at {_time(entry.at)} ({entry.step_title}).")
        elif entry.kind == "termination":
            lines.append(
                f"Told further representations must be made in writing, and the call "
                f"ended at {_time(entry.at)}."
            )
    for threat in threats:
        labels = ", ".join(threat.category_labels).lower()
        lines.append(f"Threat reported at {_time(threat.reported_at)} ({labels}).")
    return lines


def assistant_director_for(team: Team) -> User | None:
    """Return the team's own assistant director, else one in the team's area."""
    query = (
        select(User)
        .join(Team, User.team_id == Team.id)
        .where(User.role == Role.ASSISTANT_DIRECTOR, User.active.is_(True))
    )
    own = db.session.scalars(
        query.where(User.team_id == team.id).order_by(User.id)
    ).first()
    if own:
        return own
    return db.session.scalars(
        query.where(Team.region == team.region).order_by(User.id)
    ).first()


def area_team_ids(user) -> list[int]:
    """Return the teams in the same area (region) as the user's own team."""
    if user.team is None:
        return []
    return db.session.scalars(
        select(Team.id).where(Team.region == user.team.region)
    ).all()


def sheet_for_call(call: Call) -> AbuseSheet | None:
    return db.session.scalar(select(AbuseSheet).where(AbuseSheet.call_id == call.id))


def _by_form_key(form_key: str) -> AbuseSheet | None:
    if not form_key:
        return None
    return db.session.scalar(select(AbuseSheet).where(AbuseSheet.form_key == form_key))


def save_sheet(call: Call, user, data: dict, form_key: str) -> SheetOutcome:
    """Save the sheet, send it, copy it to the file, note the case, follow it up.

    A sheet already saved for the call (the same form posted twice, or the
    form opened in two tabs) is returned as it is, and nothing is added.
    """
    existing = _by_form_key(form_key) or sheet_for_call(call)
    if existing:
        return SheetOutcome(existing, duplicate=True)

    sheet = _new_sheet(call, user, data, form_key)
    db.session.add(sheet)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        log_duplicate("record sheet", call.id)
        return SheetOutcome(_by_form_key(form_key) or sheet_for_call(call), True)

    if sheet.case is not None:
        _place_on_file(sheet, user)
    sent_to = sheet.assistant_director
    detail = (
        f"Sent to {sent_to.full_name}" if sent_to else "No assistant director found"
    )
    service.add_event(call, user, "abuse_sheet", f"Abusive call record sheet. {detail}")
    audit.record("incident.sheet", "abuse_sheet", sheet.public_id, call_id=call.id)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        log_duplicate("record sheet", call.id)
        return SheetOutcome(_by_form_key(form_key) or sheet_for_call(call), True)
    current_app.logger.info(
        "incident.sheet saved",
        extra={"sheet_id": sheet.id, "call_id": call.id, "sent": bool(sent_to)},
    )
    return SheetOutcome(sheet)


def _new_sheet(call: Call, user, data: dict, form_key: str) -> AbuseSheet:
    entries = abuse.entries_for(call)
    warning = next((e for e in entries if e.kind == "warning"), None)
    termination = next((e for e in entries if e.kind == "termination"), None)
    case = call.case
    held = case is not None and rules.is_held(case.custody_status, case.establishment)
    director = assistant_director_for(call.team)
    return AbuseSheet(
        form_key=form_key or service.new_form_key(),
        call_id=call.id,
        team_id=call.team_id,
        case_id=call.case_id,
        completed_by_id=user.id,
        occurred_at=call.started_at,
        caller_name=call.caller_name or "",
        caller_number=call.caller_number or "",
        caller_type=call.caller_type or "",
        establishment=case.establishment if held else "",
        behaviours_json=json.dumps(data["behaviours"]),
        what_was_said=data["what_was_said"],
        what_was_done=data["what_was_done"],
        warning_at=warning.at if warning else None,
        terminated_at=termination.at if termination else None,
        threat_made=abuse.threat_made(call),
        assistant_director_id=director.id if director else None,
    )


def _place_on_file(sheet: AbuseSheet, user) -> None:
    """Copy the sheet to the person's file, write a case note, raise a follow-up."""
    db.session.add(
        CaseFileCopy(
            case_id=sheet.case_id,
            sheet_id=sheet.id,
            title=f"Abusive call record sheet, {format_local(sheet.occurred_at)}",
            body=sheet_text(sheet),
            placed_by_id=user.id,
        )
    )
    note = (
        f"Abusive call on {format_local(sheet.occurred_at)}. "
        f"Behaviour: {'; '.join(sheet.behaviour_labels)}. "
        "An abusive call record sheet was completed and a copy placed on file."
    )
    if sheet.establishment:
        note += f" Follow-up raised with {sheet.establishment}."
    db.session.add(
        CaseNote(
            case_id=sheet.case_id,
            call_id=sheet.call_id,
            author_id=user.id,
            kind="abusive_call",
            body=note,
        )
    )
    if sheet.establishment:
        db.session.add(
            EstablishmentFollowUp(
                sheet_id=sheet.id,
                team_id=sheet.team_id,
                establishment=sheet.establishment,
                raised_by_id=user.id,
            )
        )


def sheet_text(sheet: AbuseSheet) -> str:
    """Return the sheet as plain text, for the copy placed on the person's file."""
    rows = [
        ("Sheet reference", sheet.reference),
        ("Date and time of call", format_local(sheet.occurred_at)),
        ("Duty line", sheet.team.name),
        ("Completed by", sheet.completed_by.full_name),
        ("Caller", sheet.caller_name or "Not given"),
        ("Caller's number", sheet.caller_number or "Not given"),
        ("Case", sheet.case.reference if sheet.case else "No case found"),
        ("Held at", sheet.establishment or "Not held, or not known"),
        ("Behaviour", "; ".join(sheet.behaviour_labels)),
        ("What the caller said or did", sheet.what_was_said),
        ("What was done", sheet.what_was_done),
        ("Warning given", format_local(sheet.warning_at) or "No"),
        ("Call ended for abuse", format_local(sheet.terminated_at) or "No"),
        ("Threat made", "Yes" if sheet.threat_made else "No"),
    ]
    return "\n".join(f"{label}: {value}" for label, value in rows)


def acknowledge(sheet: AbuseSheet, user) -> str | None:
    """Record the assistant director's acknowledgement; the first one is kept."""
    if sheet.acknowledged_at is not None:
        return ALREADY_ACKNOWLEDGED
    sheet.acknowledged_at = utcnow()
    sheet.acknowledged_by_id = user.id
    audit.record("incident.sheet.acknowledge", "abuse_sheet", sheet.public_id)
    db.session.commit()
    return None


def queue_for(user) -> list[AbuseSheet]:
    """Return sheets from the assistant director's area, unacknowledged first."""
    team_ids = area_team_ids(user)
    if not team_ids:
        return []
    return db.session.scalars(
        select(AbuseSheet)
        .where(AbuseSheet.team_id.in_(team_ids))
        .order_by(AbuseSheet.acknowledged_at.is_not(None), AbuseSheet.created_at.desc())
    ).all()


def complete_follow_up(follow_up: EstablishmentFollowUp, user, note: str) -> None:
    """Record that the prison or removal centre was contacted, by whom and when."""
    if follow_up.done_at is not None:
        return
    follow_up.done_at = utcnow()
    follow_up.done_by_id = user.id
    follow_up.note = note
    audit.record("incident.follow_up", "abuse_sheet", follow_up.sheet.public_id)
    db.session.commit()


def sheets_for_team(team_id: int) -> list[AbuseSheet]:
    return db.session.scalars(
        select(AbuseSheet)
        .where(AbuseSheet.team_id == team_id)
        .order_by(AbuseSheet.created_at.desc())
    ).all()
