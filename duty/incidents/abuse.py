"""Unacceptable behaviour on a call: noting it, the warning and the termination."""

import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.calls import service
from duty.calls.models import Call, CallStatus
from duty.extensions import db
from duty.guidance.engine import FlowError
from duty.incidents import rules
from duty.incidents.logs import log_duplicate
from duty.incidents.models import AbuseEntry, ThreatReport

TERMINATED_OUTCOME = "abusive_terminated"

NO_WARNING_MESSAGE = (
    "Give the caller the warning before ending the call. "
    "You can end the call without a warning only if the caller made a threat: "
    "report the threat first"
)
NOT_IN_PROGRESS_MESSAGE = "This call is no longer in progress, so it cannot be changed"


@dataclass
class EntryOutcome:
    entry: AbuseEntry | None = None
    duplicate: bool = False
    error: str | None = None


def entries_for(call: Call) -> list[AbuseEntry]:
    return db.session.scalars(
        select(AbuseEntry).where(AbuseEntry.call_id == call.id).order_by(AbuseEntry.id)
    ).all()


def was_warned(call: Call) -> bool:
    return any(entry.kind == "warning" for entry in entries_for(call))


def threat_made(call: Call) -> bool:
    return bool(
        db.session.scalar(
            select(ThreatReport.id).where(ThreatReport.call_id == call.id)
        )
    )


def _existing(call: Call, form_key: str) -> AbuseEntry | None:
    if not form_key:
        return None
    return db.session.scalar(
        select(AbuseEntry).where(
            AbuseEntry.call_id == call.id, AbuseEntry.form_key == form_key
        )
    )


def step_title(call: Call) -> str:
    """Return the title of the step the call is at, so the entry shows where."""
    try:
        return service.current_flow_step(call)[1].title
    except FlowError:
        return call.step


def _save(call: Call, user, kind: str, form_key: str, **fields) -> EntryOutcome:
    entry = AbuseEntry(
        call_id=call.id,
        kind=kind,
        user_id=user.id,
        step_title=step_title(call),
        form_key=form_key or service.new_form_key(),
        **fields,
    )
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        log_duplicate("abuse entry", call.id)
        return EntryOutcome(entry=_existing(call, form_key), duplicate=True)
    return EntryOutcome(entry=entry)


def _commit(call: Call, outcome: EntryOutcome, form_key: str) -> EntryOutcome:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        log_duplicate("abuse entry", call.id)
        return EntryOutcome(entry=_existing(call, form_key), duplicate=True)
    return outcome


def record_behaviour(call: Call, user, data: dict, form_key: str) -> EntryOutcome:
    """Note which unacceptable behaviours happened, at the step the call is at."""
    existing = _existing(call, form_key)
    if existing:
        return EntryOutcome(entry=existing, duplicate=True)
    outcome = _save(
        call,
        user,
        "behaviour",
        form_key,
        behaviours_json=json.dumps(data["behaviours"]),
        details=data.get("details", ""),
    )
    if outcome.duplicate:
        return outcome
    labels = "; ".join(rules.BEHAVIOURS[key] for key in data["behaviours"])
    service.add_event(call, user, "abuse_noted", f"Unacceptable behaviour: {labels}")
    audit.record("incident.behaviour", "call", call.public_id, call_id=call.id)
    return _commit(call, outcome, form_key)


def give_warning(call: Call, user, form_key: str) -> EntryOutcome:
    """Record that the warning script was read to the caller, and when."""
    existing = _existing(call, form_key)
    if existing:
        return EntryOutcome(entry=existing, duplicate=True)
    if call.status != CallStatus.IN_PROGRESS:
        return EntryOutcome(error=NOT_IN_PROGRESS_MESSAGE)
    outcome = _save(call, user, "warning", form_key, script_shown=rules.WARNING_SCRIPT)
    if outcome.duplicate:
        return outcome
    service.add_event(call, user, "abuse_warning", rules.WARNING_SCRIPT)
    audit.record("incident.warning", "call", call.public_id, call_id=call.id)
    return _commit(call, outcome, form_key)


def terminate(call: Call, user, form_key: str) -> EntryOutcome:
    """Read the termination script and end the call; refused before a warning."""
    existing = _existing(call, form_key)
    if existing:
        return EntryOutcome(entry=existing, duplicate=True)
    if call.status != CallStatus.IN_PROGRESS:
        return EntryOutcome(error=NOT_IN_PROGRESS_MESSAGE)
    if not rules.may_terminate(was_warned(call), threat_made(call)):
        return EntryOutcome(error=NO_WARNING_MESSAGE)

    outcome = _save(
        call, user, "termination", form_key, script_shown=rules.TERMINATION_SCRIPT
    )
    if outcome.duplicate:
        return outcome
    service.add_event(call, user, "abuse_terminated", rules.TERMINATION_SCRIPT)
    service.finish_call(call, TERMINATED_OUTCOME, user)
    audit.record("incident.terminate", "call", call.public_id, call_id=call.id)
    outcome = _commit(call, outcome, form_key)
    current_app.logger.info(
        "incident.terminate call ended after abuse", extra={"call_id": call.id}
    )
    return outcome
