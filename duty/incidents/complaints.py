"""Complaints made on a call, routed into the complaints process."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.calls import service
from duty.calls.models import Call
from duty.extensions import db
from duty.incidents.logs import log_duplicate
from duty.incidents.models import Complaint
from duty.timeutil import utcnow


@dataclass
class ComplaintOutcome:
    complaint: Complaint | None = None
    duplicate: bool = False


def _by_form_key(form_key: str) -> Complaint | None:
    if not form_key:
        return None
    return db.session.scalar(select(Complaint).where(Complaint.form_key == form_key))


def save_complaint(call: Call, user, data: dict, form_key: str) -> ComplaintOutcome:
    """Record a complaint; a verbal one stays open for the team's managers."""
    existing = _by_form_key(form_key)
    if existing:
        return ComplaintOutcome(existing, duplicate=True)
    complaint = Complaint(
        form_key=form_key or service.new_form_key(),
        call_id=call.id,
        team_id=call.team_id,
        case_id=call.case_id,
        kind=data["kind"],
        route=data["route"],
        details=data["details"],
        staff_named=data.get("staff_named", ""),
        recorded_by_id=user.id,
    )
    db.session.add(complaint)
    detail = (
        f"{complaint.kind_label} complaint recorded for the complaints process"
        if complaint.route == "verbal"
        else f"{complaint.kind_label} complaint: caller given the complaints address"
    )
    service.add_event(call, user, "complaint", detail)
    audit.record(
        "incident.complaint", "complaint", complaint.public_id, call_id=call.id
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        log_duplicate("complaint", call.id)
        return ComplaintOutcome(_by_form_key(form_key), duplicate=True)
    return ComplaintOutcome(complaint)


def close_complaint(complaint: Complaint, user, note: str) -> None:
    """Close a complaint with what was done; a second close changes nothing."""
    if complaint.closed_at is not None:
        return
    complaint.closed_at = utcnow()
    complaint.closed_by_id = user.id
    complaint.closing_note = note
    audit.record("incident.complaint.close", "complaint", complaint.public_id)
    db.session.commit()


def complaints_for_team(team_id: int) -> list[Complaint]:
    return db.session.scalars(
        select(Complaint)
        .where(Complaint.team_id == team_id)
        .order_by(Complaint.recorded_at.desc())
    ).all()
