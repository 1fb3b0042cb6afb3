"""Server-side checks of who is calling, named by the caller-type flows.

Each action compares the caller's answers with the case record and returns
facts: the result per question, the identity verdict and, for the
disclosure gate, who verified the caller, as what, for which case, and
what they are entitled to hear.
"""

from flask import current_app
from sqlalchemy import select

from duty import audit
from duty.calls import verification as rules
from duty.calls.actions import ActionResult
from duty.cases.models import Representative, ThirdParty, WrittenAuthority
from duty.extensions import db
from duty.text import alnum_key, fold
from duty.timeutil import local_today, utcnow


def _verdict(call, user, caller_type: str, checks: dict, identity: str, entitled: str):
    mismatched = ", ".join(k for k, v in checks.items() if v == rules.MISMATCH)
    unchecked = ", ".join(
        f"{k} {v}" for k, v in checks.items() if v in (rules.NOT_KNOWN, rules.NOT_ASKED)
    )
    current_app.logger.info(
        "call.verify",
        extra={"call_id": call.id, "caller_type": caller_type, "identity": identity},
    )
    audit.record(
        "call.verify",
        "call",
        call.public_id,
        call_id=call.id,
        detail=f"{caller_type}: {identity}; mismatched: {mismatched or 'none'}"
        + (f"; unchecked: {unchecked}" if unchecked else ""),
    )
    return {
        "checks": checks,
        "identity": identity,
        "verified_as": caller_type,
        "verified_by": user.id,
        "verified_case": call.case_id,
        "entitled": entitled if identity == rules.VERIFIED else "none",
    }


def verify_offender(call, answers, form, user) -> ActionResult:
    checks = rules.check_offender(call.case, answers)
    identity = rules.identity_from(
        checks, rules.OFFENDER_ESSENTIAL, rules.OFFENDER_PRIVATE
    )
    facts = _verdict(call, user, "offender", checks, identity, "full")
    facts["check_reasons"] = rules.offender_reasons(checks)
    if rules.name_differs_from_first(call.caller_name, answers.get("full_name")):
        facts["check_reasons"].append("name_differs_from_first")
    return ActionResult(facts)


def _reference_elsewhere(call, reference: str) -> bool:
    """Return whether a representative on another case uses this reference."""
    key = alnum_key(reference)
    if not key:
        return False
    found = db.session.scalar(
        select(Representative.id).where(
            Representative.reference_key == key,
            Representative.case_id != call.case_id,
        )
    )
    return found is not None


def verify_representative(call, answers, form, user) -> ActionResult:
    case = call.case
    elsewhere = _reference_elsewhere(call, answers["rep_reference"])
    checks, reasons, rep = rules.check_representative(
        case, answers["organisation"], answers["rep_reference"], elsewhere
    )
    identity = rules.VERIFIED if rep else rules.DOUBT
    facts = _verdict(call, user, "representative", checks, identity, "full")
    facts["check_reasons"] = reasons
    facts["representative_id"] = rep.id if rep else None
    facts["on_record"] = "yes" if any(r.current for r in case.representatives) else "no"
    due = rules.removal_directions_due(case.removal_directions_at, utcnow())
    facts["removal_due"] = "yes" if due else "no"
    return ActionResult(facts)


def find_third_party(call, answers, form, user) -> ActionResult:
    """Look for the caller among the case's third parties, and for their authority."""
    key = fold(answers["party_name"])
    same_name = db.session.scalars(
        select(ThirdParty).where(ThirdParty.name_key == key)
    ).all()
    party = next((p for p in same_name if p.case_id == call.case_id), None)
    authorities = db.session.scalars(
        select(WrittenAuthority).where(
            WrittenAuthority.third_party_id.in_([p.id for p in same_name])
        )
    ).all()
    state = rules.authority_state(call.case_id, party, authorities, local_today())
    letter = party is not None and party.letter_sent_on is not None
    return ActionResult(
        {
            "party_found": "yes" if party else "no",
            "third_party_id": party.id if party else None,
            "authority": state,
            "letter": "yes" if letter else "no",
        }
    )


def verify_third_party(call, answers, form, user) -> ActionResult:
    facts = call.answers()
    party = db.session.get(ThirdParty, facts.get("third_party_id") or 0)
    if party is None or party.case_id != call.case_id:
        checks = {"relationship": rules.MISMATCH}
        return ActionResult(
            _verdict(call, user, "third_party", checks, rules.DOUBT, "none")
        )
    checks = rules.check_third_party(party, answers)
    essential = rules.THIRD_PARTY_ESSENTIAL
    if party.letter_sent_on is not None:
        essential += ("letter_sent_on", "letter_subject")
    identity = rules.identity_from(checks, essential)
    if facts.get("authority") == "valid":
        entitled = "full"
    elif party.letter_sent_on is not None:
        entitled = "letter"
    else:
        entitled = "none"
    verdict = _verdict(call, user, "third_party", checks, identity, entitled)
    verdict["may_discuss"] = (
        "no" if verdict["entitled"] == "none" else verdict["entitled"]
    )
    return ActionResult(verdict)


def confirm_identity(call, answers, form, user) -> ActionResult:
    """Record the handler's own doubt, which overrides a verified result."""
    if answers.get("handler_doubt") != "yes":
        return ActionResult({})
    audit.record(
        "call.verify", "call", call.public_id, call_id=call.id, detail="handler doubt"
    )
    return ActionResult({"identity": rules.DOUBT, "entitled": "none"})


VERIFY_ACTIONS = {
    "confirm_identity": confirm_identity,
    "verify_offender": verify_offender,
    "verify_representative": verify_representative,
    "find_third_party": find_third_party,
    "verify_third_party": verify_third_party,
}
