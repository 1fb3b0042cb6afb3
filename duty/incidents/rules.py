"""Rules for abusive calls, threats and complaints on a duty line.

The source is the Home Office guidance "Handling telephone calls to duty
officer numbers" (version 5.0), restated here in our own words. The two
scripts keep the guidance's own clauses ("if they continue to speak or act in that way,
the call will be terminated" and "any further representations must be made
in writing") because the handler must read them out as written.
"""

from dataclasses import dataclass

DE_ESCALATION_PROMPTS = (
    "Stay calm.",
    "Listen, and let the caller hear that you are listening.",
    "Ask questions to get more detail or to clear up what they mean.",
    "Do not argue.",
    "Do not take criticism personally.",
    "If the call becomes too difficult, pass it to a manager.",
)

# Behaviours that the Home Office customer charter lists as not tolerated.
BEHAVIOURS = {
    "threatening": "Abusive, intimidating or threatening behaviour",
    "offensive_language": "Swearing or offensive language",
    "discriminatory_remarks": (
        "Insulting remarks about someone's sex, race, nationality, disability, "
        "age, religion or belief, or sexual orientation (actual or perceived)"
    ),
    "shouting": "Shouting",
    "insults": "Insults about our procedures, our staff or other people",
    "pressure_or_bribery": "Pressure or bribery to get information or progress",
}

WARNING_SCRIPT = (
    "I must warn you that if you continue to speak or act in that way, "
    "the call will be terminated."
)
TERMINATION_SCRIPT = (
    "I am now ending this call. Any further representations must be made in writing."
)

# Targets of a threat. "unsure" records the handler's doubt about where the
# threat should go, and a doubtful threat goes to a manager first.
THREAT_CATEGORIES = {
    "staff_or_minister": "A member of staff or a minister",
    "detainee": "A detainee or offender",
    "children": "Children",
    "unsure": "Not sure who should be told",
}

RECIPIENTS = {
    "manager": "Your manager",
    "dsu": "Departmental security unit (security compliance section)",
    "establishment": "The prison or removal centre holding the detainee",
    "child_welfare": "Child welfare services",
    "police": "Police",
}

COMPLAINT_KINDS = {
    "formal": "Formal: about the behaviour of a member of staff",
    "operational": "Operational: about how the person's case is being handled",
}
COMPLAINT_ROUTES = {
    "verbal": "Record it now for the complaints process",
    "written": "The caller wants to put it in writing",
}

# Custody statuses in which the person is held somewhere that a record sheet
# follow-up can go to.
HELD_STATUSES = {"prison", "immigration_prison", "removal_centre"}


@dataclass(frozen=True)
class Referral:
    recipient: str
    urgent: bool = False
    after: str | None = None  # recipient that must be recorded first


def referrals_for(categories: set[str], police: bool) -> list[Referral]:
    """Return the referrals a threat needs, in the order they must be made."""
    referrals: list[Referral] = []
    if "unsure" in categories:
        referrals.append(Referral("manager"))
    if "staff_or_minister" in categories or "unsure" in categories:
        after = "manager" if "unsure" in categories else None
        urgent = "staff_or_minister" in categories
        referrals.append(Referral("dsu", urgent=urgent, after=after))
    if "detainee" in categories:
        referrals.append(Referral("establishment"))
    if "children" in categories:
        referrals.append(Referral("child_welfare"))
    if police:
        referrals.append(Referral("police"))
    return referrals


def may_terminate(warned: bool, threatened: bool) -> bool:
    """Return whether the termination script may be given now.

    A caller is warned before the call is ended for continued abuse. A threat
    is serious enough to end the call at once, so no warning is needed then.
    """
    return warned or threatened


def is_held(custody_status: str | None, establishment: str | None) -> bool:
    """Return whether the person is held in a prison or removal centre we can name."""
    return custody_status in HELD_STATUSES and bool((establishment or "").strip())
