"""The life of a call: start, answer steps, go back, pass, take and end."""

import json
import secrets
from dataclasses import dataclass, field

from flask import current_app, session
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.calls.actions import ACTIONS, ActionResult
from duty.calls.models import Call, CallEvent, CallStatus, CallStep
from duty.calls.verification import record_facts
from duty.extensions import db
from duty.guidance import facts
from duty.guidance.engine import (
    CALLER_FLOW,
    CALLER_FLOWS,
    END,
    Flow,
    Step,
    caller_flow_id,
)
from duty.guidance.questions import validate
from duty.timeutil import local_today, utcnow

CALL_FIELDS = ("caller_name", "caller_number", "caller_type", "enquiry")
WRAP_UP_FLOW = "wrap_up"
UNSURE_FLOW = "unsure"
# Flows run by whoever deals with the call's main issues; a call that entered
# one of them needs its case note before it can close.
HANDLING_FLOWS = {*CALLER_FLOWS.values(), UNSURE_FLOW, WRAP_UP_FLOW}
FORM_KEY_LENGTH = CallStep.__table__.c.form_key.type.length


def registry():
    return current_app.extensions["guidance"]


def current_flow_step(call: Call) -> tuple[Flow, Step]:
    flow = registry().get(call.flow)
    return flow, flow.step(call.step)


def script_context(call: Call, user) -> dict:
    team = call.team
    return {
        "handler_name": user.full_name,
        "team_name": team.name,
        "team_duty_number": team.duty_number or "",
        "team_address": ", ".join(team.address_lines),
        "press_office_number": facts.PRESS_OFFICE_NUMBER,
        "frs_hotline": facts.FRS_HOTLINE,
    }


def new_form_key() -> str:
    return secrets.token_urlsafe(16)


def start_call(team, user, caller_number: str | None = None) -> Call:
    flow = registry().get("initial")
    call = Call(
        team_id=team.id,
        answered_by_id=user.id,
        handler_id=user.id,
        caller_number=caller_number or None,
        flow=flow.id,
        step=flow.start,
    )
    db.session.add(call)
    db.session.flush()
    add_event(call, user, "started", f"Answered on the {team.name} duty line")
    audit.record("call.start", "call", call.public_id, call_id=call.id)
    db.session.commit()
    return call


STARTED_CALLS = "started_calls"  # session key: start-form key to call public id


def start_call_once(team, user, caller_number: str | None, form_key: str) -> Call:
    """Start a call, or return the call this start form already started.

    The start form carries a key, so a second submit of the same form (a
    double click without JavaScript, or the browser resending) opens the
    first call instead of a second. The last five keys are kept in the
    session.
    """
    started = session.get(STARTED_CALLS, {})
    if form_key and form_key in started:
        call = db.session.scalar(
            select(Call).where(Call.public_id == started[form_key])
        )
        if call is not None:
            return call
    call = start_call(team, user, caller_number)
    if form_key and len(form_key) <= FORM_KEY_LENGTH:
        kept = dict(list(started.items())[-4:])
        kept[form_key] = call.public_id
        session[STARTED_CALLS] = kept
    return call


def add_event(call: Call, user, kind: str, detail: str = "") -> None:
    db.session.add(
        CallEvent(
            call_id=call.id, user_id=getattr(user, "id", None), kind=kind, detail=detail
        )
    )


@dataclass
class StepOutcome:
    saved: bool
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    duplicate: bool = False
    stale: bool = False


def step_facts(call: Call) -> dict:
    """Return the call's answers and the facts about its case record, for show_if rules."""
    return {**call.answers(), **record_facts(call.case)}


def previous_answers(call: Call, flow_id: str, step_id: str) -> dict | None:
    """Return the answers last given at a step, if it was answered and not undone."""
    for step in reversed(call.live_steps()):
        if step.flow == flow_id and step.step_id == step_id:
            return step.answer_dict
    return None


def submit_step(call: Call, step_id: str, form, user) -> StepOutcome:
    """Validate, save and move the call on; a repeated form key changes nothing."""
    form_key = form.get("form_key", "")
    if len(form_key) > FORM_KEY_LENGTH:
        form_key = ""  # too long to be a key this app issued, and for its column
    if form_key and db.session.scalar(
        select(CallStep.id).where(
            CallStep.call_id == call.id, CallStep.form_key == form_key
        )
    ):
        return StepOutcome(saved=False, duplicate=True)
    if call.status != CallStatus.IN_PROGRESS or step_id != call.step:
        return StepOutcome(saved=False, stale=True)

    flow, step = current_flow_step(call)
    earlier = step_facts(call)
    answers, values, errors = validate(step.questions, form, local_today(), earlier)
    if errors:
        return StepOutcome(saved=False, errors=errors, values=values)

    result = ActionResult()
    if step.action:
        result = ACTIONS[step.action](call, answers, form, user)
        if result.errors:
            db.session.rollback()
            values["manager_id"] = form.get("manager_id", "")
            return StepOutcome(saved=False, errors=result.errors, values=values)

    _undo_later_steps(call, flow.id, step.id)
    recorded = {**answers, **result.facts}
    rule = step.next_rule({**earlier, **recorded})
    seq = max((s.seq for s in call.steps), default=0) + 1
    db.session.add(
        CallStep(
            call_id=call.id,
            seq=seq,
            flow=flow.id,
            flow_version=flow.version,
            step_id=step.id,
            step_title=step.title,
            script_shown=step.render_script(script_context(call, user)),
            answers_json=json.dumps(recorded),
            user_id=user.id,
            form_key=form_key or new_form_key(),
        )
    )
    for name in CALL_FIELDS:
        if name in answers:
            setattr(call, name, answers[name])
    _follow_rule(call, rule, user)

    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return StepOutcome(saved=False, duplicate=True)
    return StepOutcome(saved=True)


def _undo_later_steps(call: Call, flow_id: str, step_id: str) -> None:
    """Mark a re-answered step, and every step after it, as superseded."""
    live = call.live_steps()
    for index, step in enumerate(live):
        if step.flow == flow_id and step.step_id == step_id:
            for later in live[index:]:
                later.superseded = True
            return


def _follow_rule(call: Call, rule, user) -> None:
    if rule.goto == END:
        if rule.outcome not in ("passed", "manager") and needs_note(call):
            # A call that reached its handler closes only once it is written up.
            enter_flow(call, WRAP_UP_FLOW, user)
            return
        finish_call(call, rule.outcome, user)
    elif rule.goto.startswith("flow:"):
        target = rule.goto.removeprefix("flow:")
        if target == CALLER_FLOW:
            target = caller_flow_id(call.caller_type)
        enter_flow(call, target, user)
    else:
        call.step = rule.goto


def enter_flow(call: Call, flow_id: str, user) -> None:
    flow = registry().get(flow_id)
    call.flow, call.step = flow.id, flow.start
    add_event(call, user, "flow", flow.title)


def _in_handling(call: Call) -> bool:
    """Return whether the call has reached the person dealing with its main issues."""
    flows = {call.flow} | {step.flow for step in call.live_steps()}
    return bool(flows & HANDLING_FLOWS)


def needs_note(call: Call) -> bool:
    """Return whether the call must be written up before it can close."""
    from duty.calls.wrapup import has_note

    return call.case_id is not None and _in_handling(call) and not has_note(call)


def finish_call(call: Call, outcome: str, user) -> None:
    call.outcome = outcome
    if outcome in ("passed", "manager"):
        call.status = CallStatus.PASSED
        add_event(call, user, "passed", f"Passed to {call.passed_to.full_name}")
        audit.record("call.pass", "call", call.public_id, call_id=call.id)
        return
    call.status = CallStatus.ENDED
    call.ended_at = utcnow()
    add_event(call, user, "ended", call.outcome_label)


def previous_step(call: Call, user) -> CallStep | None:
    """Return the step this user answered before the current one, if any.

    When the user already went back, the current step is among the answered
    ones and the steps after it still count as answered until it is answered
    again, so only the steps before it are earlier. Steps answered by
    someone else, such as whoever passed the call on, are never returned to.
    """
    live = call.live_steps()
    current = (call.flow, call.step)
    for index, step in enumerate(live):
        if (step.flow, step.step_id) == current:
            live = live[:index]
            break
    earlier = [step for step in live if step.user_id == user.id]
    return earlier[-1] if earlier else None


def go_back(call: Call, user) -> bool:
    """Return the call to the step before the current one, answered by this user."""
    if call.status != CallStatus.IN_PROGRESS:
        return False
    target = previous_step(call, user)
    if target is None:
        return False
    call.flow, call.step = target.flow, target.step_id
    db.session.commit()
    return True


def end_call_now(call: Call, user, reason: str) -> bool:
    """End a call before its flow finishes, keeping what was captured.

    Returns False when the call must be written up first: it then moves to
    the wrap-up flow, recorded as ended before the query was dealt with.
    """
    if call.status == CallStatus.ENDED:
        return True
    if needs_note(call):
        if call.flow != WRAP_UP_FLOW:
            _record_early_end(call, user, reason)
            enter_flow(call, WRAP_UP_FLOW, user)
            db.session.commit()
        return False
    call.outcome = call.outcome if call.outcome else "ended_early"
    call.status = CallStatus.ENDED
    call.ended_at = utcnow()
    add_event(call, user, "ended", reason or "Ended by the handler")
    db.session.commit()
    return True


def _record_early_end(call: Call, user, reason: str) -> None:
    seq = max((s.seq for s in call.steps), default=0) + 1
    flow = registry().get(call.flow)
    db.session.add(
        CallStep(
            call_id=call.id,
            seq=seq,
            flow=flow.id,
            flow_version=flow.version,
            step_id=call.step,
            step_title="Call ended early",
            answers_json=json.dumps(
                {"call_outcome": "ended_early", "end_reason": reason}
            ),
            user_id=user.id,
            form_key=new_form_key(),
        )
    )
    add_event(
        call,
        user,
        "ended_early",
        reason or "The call ended before the query was dealt with",
    )


def start_unsure(call: Call, user) -> bool:
    """Move the call to the steps for a caller whose credentials are in doubt."""
    if call.flow == UNSURE_FLOW:
        return True
    if call.status != CallStatus.IN_PROGRESS or call.flow == WRAP_UP_FLOW:
        return False
    enter_flow(call, UNSURE_FLOW, user)
    audit.record("call.unsure", "call", call.public_id, call_id=call.id)
    db.session.commit()
    return True


def _flow_for_receiver(call: Call) -> tuple[str, str]:
    """Return where a taken call starts: its caller's flow, or finding the case."""
    if call.case_id is not None:
        flow = registry().get(caller_flow_id(call.caller_type))
        return flow.id, flow.start
    return "initial", "caller_type" if call.caller_type is None else "reference"


def take_call(call: Call, user) -> bool:
    """Take over a passed call; only one person can, checked in one UPDATE.

    The receiver checks the caller afresh: verification done before the
    call was passed no longer counts towards disclosure.
    """
    flow_id, step_id = _flow_for_receiver(call)
    result = db.session.execute(
        update(Call)
        .where(Call.id == call.id, Call.status == CallStatus.PASSED)
        .values(
            status=CallStatus.IN_PROGRESS,
            handler_id=user.id,
            taken_at=utcnow(),
            flow=flow_id,
            step=step_id,
        )
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    for step in call.live_steps():
        if step.flow in HANDLING_FLOWS:
            step.superseded = True
    add_event(call, user, "taken", f"Taken by {user.full_name}")
    audit.record("call.take", "call", call.public_id, call_id=call.id)
    db.session.commit()
    db.session.refresh(call)
    return True
