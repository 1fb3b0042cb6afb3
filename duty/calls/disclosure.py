"""The disclosure gate: what from a case record a call's handler may see.

Nothing beyond what routing needs is shown until the caller's identity and
entitlement are established for this call, by its current handler, for the
caller type on the call. The state comes from facts that only server-side
verification actions write into the call's answers, so a posted form cannot
set it, and going back to re-answer a check clears it.
"""

from dataclasses import dataclass

from flask import current_app

from duty import audit
from duty.auth.permissions import refuse
from duty.calls.models import CallStatus
from duty.extensions import db

# Description of each section of a case record, for the audit trail.
SECTIONS = {
    "summary": "case summary (custody, place held, last contact, removal directions)",
    "notes": "case notes",
    "letter": "what our letter to the caller asked for",
    "rep_phone": "representative's number on record, for calling back",
}
# Sections each entitlement allows. A third party the Home Office wrote to,
# without the offender's written authority, may discuss only the letter.
SCOPES = {
    "full": {"summary", "notes", "letter"},
    "letter": {"letter"},
}


@dataclass(frozen=True)
class Entitlement:
    established: bool
    scope: str | None = None
    reason: str = ""

    def allows(self, section: str) -> bool:
        return self.established and section in SCOPES.get(self.scope or "", set())


def entitlement(call) -> Entitlement:
    """Return whether this call's caller is verified and what they may be told."""
    facts = call.answers()
    if call.case_id is None:
        return Entitlement(False, reason="no case has been found for this call")
    if call.caller_type not in ("offender", "representative", "third_party"):
        return Entitlement(False, reason="this type of caller is told nothing")
    if facts.get("identity") != "verified":
        return Entitlement(False, reason="the caller's identity is not verified")
    if facts.get("verified_as") != call.caller_type:
        return Entitlement(False, reason="the caller was verified as another type")
    if facts.get("verified_case") != call.case_id:
        return Entitlement(False, reason="the caller was verified for another case")
    if facts.get("verified_by") != call.handler_id:
        return Entitlement(False, reason="the current handler has not verified them")
    scope = facts.get("entitled")
    if scope not in SCOPES:
        return Entitlement(False, reason="the caller is not entitled to information")
    return Entitlement(True, scope=scope)


def may_show(call, user, section: str) -> bool:
    """Return whether the user may see a section of the case record on this call."""
    if call.status != CallStatus.IN_PROGRESS or call.handler_id != user.id:
        return False
    if section == "rep_phone":
        # The handler calls back on the number on record, never one the caller gives.
        return call.caller_type == "representative" and call.case_id is not None
    return entitlement(call).allows(section)


def _detail(call, section: str) -> str:
    return f"caller type {call.caller_type or 'unknown'}; shown: {SECTIONS[section]}"


def disclose(call, user, section: str) -> bool:
    """Check and audit showing a section inside a step; return whether it may show."""
    allowed = may_show(call, user, section)
    action = "disclosure" if allowed else "disclosure.withheld"
    if not allowed:
        current_app.logger.warning(
            "disclosure.withheld", extra={"call_id": call.id, "section": section}
        )
    audit.record(
        action, "call", call.public_id, call_id=call.id, detail=_detail(call, section)
    )
    db.session.commit()
    return allowed


def require(call, user, section: str) -> None:
    """Refuse (audited, 403) a direct request for a section the gate does not allow."""
    if not may_show(call, user, section):
        reason = entitlement(call).reason or "not the handler of this call"
        current_app.logger.warning(
            "disclosure.refused",
            extra={"call_id": call.id, "section": section, "user_id": user.id},
        )
        refuse(
            f"disclosure of {section} withheld, {reason}",
            "call",
            call.public_id,
            call.id,
        )
    audit.record(
        "disclosure",
        "call",
        call.public_id,
        call_id=call.id,
        detail=_detail(call, section),
    )
    db.session.commit()
