"""Writing a call up: the check-answers summary, the file minute and case note."""

from datetime import date

from sqlalchemy import select

from duty import audit
from duty.calls.actions import ActionResult
from duty.calls.models import CALLER_TYPES
from duty.calls.verification import (
    CHECK_LABELS,
    MISMATCH,
    NOT_ASKED,
    NOT_KNOWN,
    VERIFIED,
)
from duty.cases.models import CaseNote
from duty.extensions import db
from duty.followups import service as follow_ups
from duty.followups.workdays import add_working_days, close_of_day
from duty.timeutil import format_local, local_now

CALL_OUTCOMES = {
    "handled": "Query answered on the call",
    "promised": "Call back or fax promised",
    "write_in": "Asked to put the request in writing",
    "flagged": "Asked to write in, and a manager or senior caseworker consulted",
    "ended_early": "Call ended before the query was dealt with",
}


UNCHECKED_TEXT = {
    NOT_KNOWN: "not known to the caller",
    NOT_ASKED: "not asked, as the record has none",
}


def identity_summary(answers: dict) -> str:
    """Describe the identity check in words, naming what did not match or was not checked."""
    checks = answers.get("checks")
    if not checks:
        return "Not checked"
    wrong = [CHECK_LABELS.get(k, k) for k, v in checks.items() if v == MISMATCH]
    if answers.get("identity") == VERIFIED:
        summary = "Verified against the record"
    elif wrong:
        summary = "Not verified. Did not match the record: " + ", ".join(wrong)
    else:
        summary = "Not verified"
    unchecked = [
        f"{CHECK_LABELS.get(k, k)} {UNCHECKED_TEXT[v]}"
        for k, v in checks.items()
        if v in UNCHECKED_TEXT
    ]
    if unchecked:
        summary += ". " + "; ".join(unchecked)
    return summary


def summary_rows(call, answers: dict) -> list[tuple[str, str]]:
    """Return the call's key facts as (question, answer) pairs for check answers."""
    rows = [
        ("Caller", call.caller_name or "Not given"),
        ("Who is calling", call.caller_type_label),
        ("Case", call.case.reference if call.case else "Not found"),
        ("Answered by", call.answered_by.full_name),
        ("Handled by", call.handler.full_name if call.handler else ""),
        ("Identity", identity_summary(answers)),
        ("What the call was about", call.enquiry or "Not recorded"),
        ("What was discussed", answers.get("discussion") or "Nothing recorded"),
        ("Outcome", CALL_OUTCOMES.get(answers.get("call_outcome", ""), "Not decided")),
    ]
    for follow_up in follow_ups.for_call(call.id):
        due = format_local(follow_up.due_at, "%-d %B %Y, %H:%M")
        rows.append(("Promised", f"{follow_up.kind_label}, by {due}"))
    return rows


def _promises_text(call) -> str:
    """Describe each follow-up set on the call with its owner, due time and detail."""
    promised = []
    for follow_up in follow_ups.for_call(call.id):
        text = (
            f"{follow_up.kind_label} ({follow_up.owner.full_name}) by "
            f"{format_local(follow_up.due_at, '%-d %B %Y %H:%M')}"
        )
        detail = (follow_up.detail or "").strip().rstrip(".")
        if detail:
            text += f": {detail}"
        promised.append(text)
    return "; ".join(promised) if promised else "None"


def draft_note(call, answers: dict) -> dict:
    """Return a file minute and a case note drafted from the call's answers."""
    when = format_local(call.started_at, "%-d %B %Y at %H:%M")
    outcome = CALL_OUTCOMES.get(answers.get("call_outcome", ""), "Not decided")
    passed = f" Passed to {call.handler.full_name}." if call.taken_at else ""
    minute = (
        f"Call on {when} to the {call.team.name} duty line from "
        f"{call.caller_name or 'an unnamed caller'} "
        f"({CALLER_TYPES.get(call.caller_type or '', 'type not known')}). "
        f"Answered by {call.answered_by.full_name}.{passed}\n"
        f"Identity: {identity_summary(answers)}.\n"
        f"About: {call.enquiry or 'not recorded'}.\n"
        f"Discussed: {answers.get('discussion') or 'nothing recorded'}.\n"
        f"Outcome: {outcome}.\n"
        f"Promised: {_promises_text(call)}."
    )
    note = (
        f"{when}: duty line call from "
        f"{CALLER_TYPES.get(call.caller_type or '', 'a caller').lower()} about "
        f"{call.enquiry or 'an unrecorded matter'}. {outcome}."
    )
    return {"file_minute": minute, "case_note": note}


def write_up(call, answers, form, user) -> ActionResult:
    """Write the file minute and case note, and set the follow-ups asked for."""
    for kind in ("file_minute", "case_note"):
        db.session.add(
            CaseNote(
                case_id=call.case_id,
                call_id=call.id,
                author_id=user.id,
                kind=kind,
                body=answers[kind],
            )
        )
    team = call.case.team
    if answers.get("follow_up_needed") == "yes":
        due = close_of_day(date.fromisoformat(answers["diary_date"]), team.closes_at)
        follow_ups.create(call, user, "diary", answers["follow_up_what"], due, user)
    if answers.get("written_confirmation") == "yes":
        # Confirmation goes out by the next working day, while the call is fresh.
        day = add_working_days(local_now().date(), 1, team.region or "ENG")
        detail = "Write to the caller confirming what was discussed and agreed."
        due = close_of_day(day, team.closes_at)
        follow_ups.create(call, user, "written_confirmation", detail, due, user)
    audit.record("case_note.create", "case", call.case.reference, call_id=call.id)
    return ActionResult({"noted": "yes"})


def has_note(call) -> bool:
    """Return whether the call's case note has been written."""
    found = db.session.scalar(
        select(CaseNote.id).where(
            CaseNote.call_id == call.id, CaseNote.kind == "case_note"
        )
    )
    return found is not None


WRAPUP_ACTIONS = {"write_up": write_up}
