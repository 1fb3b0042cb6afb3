"""Server-side work a step can name: finding the case, checking team, routing.

Each action gets the call, the step's cleaned answers and the posted form,
and returns facts for the next-step rules plus any errors to show.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from duty.auth.models import User
from duty.calls.models import CallStatus
from duty.cases import search
from duty.cases.models import Case
from duty.extensions import db
from duty.guidance.questions import FieldError
from duty.teams.routing import route_case
from duty.timeutil import local_now, utcnow


@dataclass
class ActionResult:
    facts: dict = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


def find_by_reference(call, answers, form, user) -> ActionResult:
    if answers.get("has_reference") != "yes":
        return ActionResult({"match_count": 0})
    case = search.by_reference(answers["reference"])
    if case is None:
        return ActionResult(
            {"match_count": 0, "reference_not_found": answers["reference"]}
        )
    call.case_id = case.id
    return ActionResult({"match_count": 1})


def find_by_details(call, answers, form, user) -> ActionResult:
    matches = search.by_details(
        answers["full_name"],
        date.fromisoformat(answers["date_of_birth"]),
        answers["nationality"],
    )
    if len(matches) == 1:
        call.case_id = matches[0].id
        return ActionResult({"match_count": 1})
    if len(matches) > 1:
        call.case_id = None
        return ActionResult(
            {"match_count": "several", "candidate_ids": [c.id for c in matches]}
        )
    call.case_id = None
    return ActionResult({"match_count": 0})


def narrow_matches(call, answers, form, user) -> ActionResult:
    ids = call.answers().get("candidate_ids", [])
    cases = db.session.scalars(select(Case).where(Case.id.in_(ids))).all()
    kept = search.narrow(list(cases), answers["place_or_postcode"])
    if len(kept) == 1:
        call.case_id = kept[0].id
        return ActionResult({"match_count": 1})
    return ActionResult({"match_count": len(kept)})


def check_team(call, answers, form, user) -> ActionResult:
    case = call.case
    same = case.team_id == call.team_id
    call.redirected_to_team_id = None if same else case.team_id
    return ActionResult(
        {
            "same_team": "yes" if same else "no",
            "first_point": "yes" if call.team.first_point else "no",
        }
    )


def pass_call(call, answers, form, user) -> ActionResult:
    now = local_now()
    decision = route_case(call.case, user, now.date(), now)
    if decision.kind == "self":
        return ActionResult({"route_kind": "self"})

    target = decision.target
    if decision.kind == "manager":
        chosen = form.get("manager_id", "")
        target = next((m for m in decision.managers if str(m.id) == chosen), None)
        if target is None:
            message = (
                "Select the manager you are passing the call to"
                if decision.managers
                else "No manager in the team is available. Ask the caller to write in"
            )
            return ActionResult(
                errors=[FieldError("manager_id", "manager_id", message)]
            )

    call.passed_to = target
    call.passed_at = utcnow()
    call.status = CallStatus.PASSED
    return ActionResult({"route_kind": decision.kind, "passed_to": target.full_name})


ACTIONS = {
    "find_by_reference": find_by_reference,
    "find_by_details": find_by_details,
    "narrow_matches": narrow_matches,
    "check_team": check_team,
    "pass_call": pass_call,
}


def panel_context(panel: str | None, call, user) -> dict:
    """Return what a step's panel shows, worked out from the call as it is now.

    A "button" key, when present, replaces the step's button label.
    """
    if panel in HANDLING_PANELS:
        return handling_panel_context(panel, call, user)
    if panel in ("team_check", "redirect"):
        case = call.case
        return {"case": case, "owning_team": case.team if case else None}
    if panel == "route":
        now = local_now()
        decision = route_case(call.case, user, now.date(), now)
        context = {"decision": decision}
        if decision.kind == "self":
            # The step's "Pass the call" label would be wrong: nothing is passed.
            context["button"] = "Continue the call"
        return context
    if panel == "write_in":
        return {"team": call.team}
    if panel == "captured":
        return {}
    return {}


PANELS = {"team_check", "redirect", "route", "write_in", "captured"}


def user_by_id(user_id) -> User | None:
    return db.session.get(User, user_id)


# The caller-type and wrap-up flows add their own actions and panels. They
# import ActionResult from here, so they load after it is defined.
from duty.calls.handling_actions import VERIFY_ACTIONS  # noqa: E402
from duty.calls.handling_panels import (  # noqa: E402
    HANDLING_PANELS,
    handling_panel_context,
)
from duty.calls.promises import PROMISE_ACTIONS  # noqa: E402
from duty.calls.wrapup import WRAPUP_ACTIONS  # noqa: E402

ACTIONS.update({**VERIFY_ACTIONS, **PROMISE_ACTIONS, **WRAPUP_ACTIONS})
PANELS.update(HANDLING_PANELS)
