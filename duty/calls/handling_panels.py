"""Panel contents for the caller-type and wrap-up steps.

Panels that show anything from the case record beyond routing go through
the disclosure gate, which checks and audits each time a panel renders.
"""

from duty.calls import disclosure, wrapup
from duty.calls.promises import managers_for, senior_for
from duty.calls.verification import (
    CHECK_LABELS,
    MATCH,
    MISMATCH,
    NOT_ASKED,
    NOT_KNOWN,
    VERIFIED,
    contact_on_record,
)
from duty.cases.models import ThirdParty
from duty.extensions import db
from duty.timeutil import local_today

RESULT_LABELS = {
    MATCH: "Matches the record",
    MISMATCH: "Does not match the record",
    "not_recorded": "Nothing on record to check",
    NOT_KNOWN: "The caller does not know",
    NOT_ASKED: "Not asked: nothing on record",
}

REASON_TEXT = {
    "not_current": "This firm is not the current representative on the case.",
    "none_on_record": "No representative is recorded on this case.",
    "reference_other_case": (
        "This reference belongs to a representative on another case, not this one."
    ),
    "contact_not_on_record": (
        "The case record has no most recent contact with the Home Office, "
        "so the caller was not asked about it."
    ),
    "contact_not_known": (
        "The caller did not know their most recent contact with the Home Office. "
        "That is not a mismatch, but their other answers must confirm who they are."
    ),
    "name_differs_from_first": (
        "The name the caller gave when the call was answered is not part of the "
        "full name they gave now. Ask them why before going on, and use "
        '"Unsure of credentials" if the answer leaves you in doubt.'
    ),
    "no_private_check": (
        "Nothing a third party is unlikely to know was checked, such as the most "
        "recent contact or another question from the record, so the identity "
        "is not confirmed."
    ),
}

AUTHORITY_TEXT = {
    "valid": "The offender's written authority for this caller is on record.",
    "expired": "The written authority on record has expired.",
    "other_case": "The only written authority for this caller is for another case.",
    "none": "There is no written authority from the offender for this caller.",
}


def check_results(answers: dict) -> list[tuple[str, str]]:
    """Return the identity check results recorded at a step, as (question, result)."""
    return [
        (f"Check: {CHECK_LABELS.get(name, name)}", RESULT_LABELS[value])
        for name, value in answers.get("checks", {}).items()
    ]


def checks_panel(call, user) -> dict:
    answers = call.answers()
    checks = answers.get("checks", {})
    rows = [
        (CHECK_LABELS.get(name, name), RESULT_LABELS[value], value)
        for name, value in checks.items()
    ]
    reasons = [
        REASON_TEXT[r] for r in answers.get("check_reasons", []) if r in REASON_TEXT
    ]
    return {
        "rows": rows,
        "verified": answers.get("identity") == VERIFIED,
        "reasons": reasons,
    }


def offender_verify_panel(call, user) -> dict:
    return {"contact_on_record": contact_on_record(call.case)}


def case_details_panel(call, user) -> dict:
    allowed = disclosure.disclose(call, user, "summary")
    return {"allowed": allowed, "case": call.case if allowed else None}


def letter_panel(call, user) -> dict:
    allowed = disclosure.disclose(call, user, "letter")
    party = None
    if allowed:
        party = db.session.get(ThirdParty, call.answers().get("third_party_id") or 0)
        if party is None or party.case_id != call.case_id:
            party = None
    return {"allowed": allowed, "party": party}


def rep_phone_panel(call, user) -> dict:
    allowed = disclosure.disclose(call, user, "rep_phone")
    reps = []
    if allowed:
        reps = [r for r in call.case.representatives if r.current]
    return {"allowed": allowed, "representatives": reps, "team": call.team}


def authority_panel(call, user) -> dict:
    answers = call.answers()
    scope = ""
    if answers.get("authority") == "valid":
        party = db.session.get(ThirdParty, answers.get("third_party_id") or 0)
        today = local_today()
        valid = [
            a.scope
            for a in (party.authorities if party else [])
            if a.case_id == call.case_id
            and a.signed_on <= today
            and (a.expires_on is None or a.expires_on >= today)
        ]
        scope = "; ".join(s for s in valid if s)
    return {
        "found": answers.get("party_found") == "yes",
        "authority": AUTHORITY_TEXT.get(answers.get("authority", "none")),
        "scope": scope,
        "letter": answers.get("letter") == "yes",
    }


def third_party_panel(call, user) -> dict:
    return {"defaults": {"party_name": call.caller_name or ""}}


def managers_panel(call, user) -> dict:
    return {"managers": managers_for(call, user), "team": call.team}


def senior_panel(call, user) -> dict:
    return {"senior": senior_for(call, user), "team": call.team}


def check_answers_panel(call, user) -> dict:
    answers = call.answers()
    defaults = wrapup.draft_note(call, answers)
    return {"rows": wrapup.summary_rows(call, answers), "defaults": defaults}


HANDLING_PANELS = {
    "checks": checks_panel,
    "offender_verify": offender_verify_panel,
    "case_details": case_details_panel,
    "letter": letter_panel,
    "rep_phone": rep_phone_panel,
    "authority": authority_panel,
    "third_party": third_party_panel,
    "managers": managers_panel,
    "senior": senior_panel,
    "check_answers": check_answers_panel,
}


def handling_panel_context(panel: str, call, user) -> dict:
    """Return what one of the caller-type or wrap-up panels shows."""
    return HANDLING_PANELS[panel](call, user)
