"""Rendering of the call page, the step partial and the live record."""

from datetime import date

from flask import render_template
from flask_login import current_user

from duty.auth.drafts import load_draft
from duty.calls import service, unfinished
from duty.calls.actions import panel_context
from duty.calls.handling_panels import check_results
from duty.calls.models import CallStatus
from duty.followups.service import hint_due_times
from duty.guidance.engine import FlowError
from duty.guidance.questions import is_shown
from duty.timeutil import utcnow
from duty.web import is_htmx


def _values_for(call, step) -> tuple[dict, str | None]:
    """Return the values to put back in a step's form, and a notice to show."""
    draft = load_draft()
    if draft and draft.get("call") == call.public_id and draft.get("step") == step.id:
        return draft["values"], (
            "Your session ended before these answers were saved. "
            "Check them and continue."
        )
    previous = service.previous_answers(call, call.flow, step.id)
    if previous is None:
        return {}, None
    values = dict(previous)
    for question in step.questions:
        raw = previous.get(question.name)
        if question.type == "date" and raw:
            day = date.fromisoformat(raw)
            values.update(
                {
                    f"{question.name}-day": str(day.day),
                    f"{question.name}-month": str(day.month),
                    f"{question.name}-year": str(day.year),
                }
            )
    return values, None


def _team_of(call):
    """Return the team whose hours and holidays set the call's due times."""
    return call.case.team if call.case else call.team


def _top_questions(step, answers: dict) -> list:
    """Return the questions shown outside any radio option, given earlier answers.

    A question shown only after an answer on the same step sits inside that
    radio option. One that depends on an earlier step's answer or a server
    fact is shown or left out here.
    """
    names = {q.name for q in step.questions}
    shown = []
    for question in step.questions:
        if not question.show_if:
            shown.append(question)
        elif not names.intersection(question.show_if) and is_shown(question, answers):
            shown.append(question)
    return shown


def transcript(call) -> list[dict]:
    """Return each answered step with the script shown and labelled answers."""
    entries = []
    for record in call.live_steps():
        try:
            step = service.registry().get(record.flow).step(record.step_id)
            questions = {q.name: q for q in step.questions}
        except FlowError:
            questions = {}
        answers = []
        for name, value in record.answer_dict.items():
            question = questions.get(name)
            if question is None:
                continue
            shown = question.option_label(value) if question.options else value
            if question.type == "date" and value:
                shown = date.fromisoformat(value).strftime("%-d %B %Y")
            if question.type == "confirm":
                answers.append(("Confirmed", f"I confirm {question.label}"))
                continue
            answers.append((question.label, shown))
        answers += check_results(record.answer_dict)
        entries.append(
            {"record": record, "answers": answers, "version": record.flow_version}
        )
    return entries


def step_context(call, values=None, errors=None, banner_error=None) -> dict:
    context = {
        "call_heading": call_heading,
        "call": call,
        "errors": errors or [],
        "banner_error": banner_error,
        "can_act": call.status == CallStatus.IN_PROGRESS
        and call.handler_id == current_user.id,
        "notice": None,
    }
    if call.status != CallStatus.IN_PROGRESS:
        context["transcript"] = transcript(call)
        context["closed_by"] = unfinished.closing_event(call)
        return context

    flow, step = service.current_flow_step(call)
    panel = panel_context(step.panel, call, current_user)
    if values is None:
        values, notice = _values_for(call, step)
        if not values and panel.get("defaults"):
            values = dict(panel["defaults"])
        context["notice"] = notice
    answers = service.step_facts(call)
    script_values = service.script_context(call, current_user)
    context.update(
        flow=flow,
        step=step,
        values=values,
        answers=answers,
        script=step.render_script(script_values),
        prompts=step.render_prompts(script_values),
        top_questions=hint_due_times(
            _top_questions(step, answers), _team_of(call), utcnow()
        ),
        panel=panel,
        form_key=service.new_form_key(),
        can_go_back=service.previous_step(call, current_user) is not None,
        can_close_unfinished=unfinished.may_close(call, current_user, utcnow()),
    )
    return context


def call_heading(call, step) -> str:
    """Return the step's heading, which is also the page title."""
    if call.status == CallStatus.ENDED:
        return "Call ended"
    if call.status == CallStatus.PASSED:
        return "Call passed on"
    return step.title if step else "Call"


def render_call_page(call, values=None, errors=None, banner_error=None, status=200):
    context = step_context(call, values, errors, banner_error)
    return render_template("calls/call.html", **context), status


def render_step_response(call, values=None, errors=None, banner_error=None, status=200):
    """Return the step partial plus an out-of-band update of the record."""
    context = step_context(call, values, errors, banner_error)
    body = (
        render_template("calls/_step.html", **context)
        + render_template("calls/_record.html", oob=True, **context)
        + render_template("calls/_actions.html", oob=True, **context)
    )
    return body, status


def respond(call, values=None, errors=None, banner_error=None, status=200):
    """Answer htmx with the partials and anything else with the whole page."""
    if is_htmx():
        return render_step_response(call, values, errors, banner_error, status)
    return render_call_page(call, values, errors, banner_error, status)
