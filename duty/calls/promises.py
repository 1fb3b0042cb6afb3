"""Step actions that make promises, hand work to others, or put a call through."""

from datetime import date

from sqlalchemy import select

from duty.auth.models import Role, User
from duty.calls.actions import ActionResult
from duty.calls.models import CallStatus
from duty.calls.verification import HELD_STATUSES
from duty.extensions import db
from duty.followups import service as follow_ups
from duty.followups.workdays import add_working_days, close_of_day
from duty.guidance.questions import FieldError
from duty.teams.routing import is_absent
from duty.timeutil import format_local, local_now, utcnow


def _due(call, answers) -> follow_ups.Due:
    team = call.case.team if call.case else call.team
    return follow_ups.due_from_choice(
        answers["due_in"], answers.get("due_on"), team, utcnow()
    )


def _promised(follow_up) -> dict:
    return {"promise_due": format_local(follow_up.due_at, "%A %-d %B %Y, %H:%M")}


def _promise(call, user, answers, kind: str, detail: str) -> ActionResult:
    due = _due(call, answers)
    if due.error:
        return ActionResult(errors=[due.error])
    follow_up = follow_ups.create(call, user, kind, detail, due.at, user)
    return ActionResult({**_promised(follow_up), "call_outcome": "promised"})


def make_promise(call, answers, form, user) -> ActionResult:
    """Promise a call back or a fax by the due time the handler tells the caller."""
    detail = answers.get("promise_detail", "")
    return _promise(call, user, answers, answers["promise_kind"], detail)


def call_back_on_record(call, answers, form, user) -> ActionResult:
    """Promise to call a doubtful representative back on the number on record."""
    detail = (
        "Call the representative back on the number on record to confirm who "
        "they are before discussing the case."
    )
    return _promise(call, user, answers, "call_back", detail)


def ask_in_writing(call, answers, form, user) -> ActionResult:
    return ActionResult(
        {"call_outcome": "write_in", "has_case": "yes" if call.case_id else "no"}
    )


def written_reply_task(call, answers, form, user) -> ActionResult:
    """Give the case owner a task to reply in writing to the place on record."""
    due = _due(call, answers)
    if due.error:
        return ActionResult(errors=[due.error])
    case = call.case
    if case.custody_status in HELD_STATUSES:
        method = "Fax the written reply to the prison or removal centre on record."
    else:
        method = "Post the written reply to the address on record."
    detail = f"{method} The caller's identity could not be confirmed on the phone."
    owner = case.owner or user
    follow_up = follow_ups.create(call, owner, "written_reply", detail, due.at, user)
    facts = {**_promised(follow_up), "reply_owner": owner.full_name}
    return ActionResult({**facts, "call_outcome": "write_in"})


def investigate_removal(call, answers, form, user) -> ActionResult:
    """Promise to investigate removal directions and call back before they fall due."""
    due = _due(call, answers)
    if due.error:
        return ActionResult(errors=[due.error])
    removal_at = call.case.removal_directions_at
    if removal_at is not None and due.at >= removal_at:
        message = "Choose a due time before the removal directions take effect"
        return ActionResult(errors=[FieldError("due_in", "due_in", message)])
    detail = answers.get("promise_detail", "")
    follow_up = follow_ups.create(call, user, "investigate", detail, due.at, user)
    return ActionResult({**_promised(follow_up), "call_outcome": "promised"})


def senior_for(call, user) -> User:
    """Return who is consulted on a doubtful request: team leader, else a manager."""
    team = call.case.team if call.case else call.team
    today = local_now().date()
    leader = team.team_leader
    if (
        leader
        and leader.active
        and leader.id != user.id
        and not is_absent(leader, today)
    ):
        return leader
    for manager in _managers(team.id, user, today):
        return manager
    return leader or user


def flag_senior(call, answers, form, user) -> ActionResult:
    """Flag a doubtful or out-of-scope request to a senior caseworker or manager."""
    senior = senior_for(call, user)
    team = call.case.team if call.case else call.team
    # Due by the close of the next working day, so the caller's written
    # request is not held up waiting for advice.
    day = add_working_days(local_now().date(), 1, team.region or "ENG")
    detail = answers.get("flag_reason", "")
    follow_ups.create(
        call, senior, "consult", detail, close_of_day(day, team.closes_at), user
    )
    return ActionResult({"flagged_to": senior.full_name, "call_outcome": "flagged"})


def _managers(team_id: int, user, today: date) -> list[User]:
    staff = db.session.scalars(
        select(User)
        .where(
            User.team_id == team_id,
            User.role.in_([Role.MANAGER, Role.TEAM_LEADER]),
            User.active.is_(True),
            User.id != user.id,
        )
        .order_by(User.role, User.full_name)
    ).all()
    return [m for m in staff if not is_absent(m, today)]


def managers_for(call, user) -> list[User]:
    """Return the managers and team leaders a call can be put through to today."""
    team_id = call.case.team_id if call.case else call.team_id
    return _managers(team_id, user, local_now().date())


def put_through(call, answers, form, user) -> ActionResult:
    """Put the call through to the manager chosen, or ask for the request in writing."""
    facts = {"has_case": "yes" if call.case_id else "no"}
    if answers.get("unsure_choice") != "manager":
        return ActionResult(facts)
    chosen = form.get("manager_id", "")
    managers = managers_for(call, user)
    target = next((m for m in managers if str(m.id) == chosen), None)
    if target is None:
        message = (
            "Select the manager you are putting the call through to"
            if managers
            else "No manager is available. Ask the caller to put the request in writing"
        )
        return ActionResult(errors=[FieldError("manager_id", "manager_id", message)])
    call.passed_to = target
    call.passed_at = utcnow()
    call.status = CallStatus.PASSED
    return ActionResult(
        {**facts, "route_kind": "manager", "passed_to": target.full_name}
    )


PROMISE_ACTIONS = {
    "make_promise": make_promise,
    "call_back_on_record": call_back_on_record,
    "ask_in_writing": ask_in_writing,
    "written_reply_task": written_reply_task,
    "investigate_removal": investigate_removal,
    "flag_senior": flag_senior,
    "put_through": put_through,
}
