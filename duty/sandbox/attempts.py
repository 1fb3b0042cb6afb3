"""Practice attempts: start a scripted call, prompt the trainee, score the result."""

import json
from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy import select

from duty import audit
from duty.calls import service
from duty.calls.models import Call, CallStatus
from duty.extensions import db
from duty.sandbox.binding import PRACTICE_BIND
from duty.sandbox.models import PracticeAttempt
from duty.sandbox.record import CallRecord
from duty.sandbox.scenarios import Scenario, all_scenarios, fill_dates
from duty.sandbox.scoring import Debrief, score
from duty.sandbox.world import PRACTICE_TEAM, TEAMS, prepare_scenario
from duty.teams.models import Team
from duty.timeutil import local_today, utcnow


@dataclass
class CallerPrompt:
    """The scripted caller's line and replies for the step on screen."""

    scenario: Scenario
    attempt: PracticeAttempt
    line: str
    answers: list[tuple[str, str]]


# Flows that verify each type of caller once the call is taken.
VERIFICATION_FLOWS = {"offender", "representative", "third_party"}


def missing_needs(scenario: Scenario) -> list[str]:
    """Return the parts of the desk a scenario needs that this app does not have."""
    present = set()
    if VERIFICATION_FLOWS <= set(current_app.extensions["guidance"].flows):
        present.add("verification")
    if "incidents" in current_app.blueprints:
        present.add("incidents")
    return [need for need in scenario.needs if need not in present]


def start_attempt(scenario: Scenario, user) -> PracticeAttempt:
    """Start a practice call on the practice line, scripted by the scenario."""
    prepare_scenario(scenario)
    team = db.session.scalar(
        select(Team).where(Team.name == TEAMS[PRACTICE_TEAM]["name"])
    )
    call = service.start_call(team, user, scenario.caller_number)
    live = g.live_user
    attempt = PracticeAttempt(
        user_id=live["id"],
        user_name=live["full_name"],
        user_role=live["role"],
        team_id=live["team_id"],
        scenario_id=scenario.id,
        scenario_title=scenario.title,
        scenario_version=scenario.version,
        call_public_id=call.public_id,
    )
    db.session.add(attempt)
    audit.record("practice.start", "call", call.public_id, call_id=call.id)
    db.session.commit()
    current_app.logger.info(
        "practice.start", extra={"user_id": live["id"], "attempt_id": attempt.id}
    )
    return attempt


def attempt_for_call(call: Call) -> PracticeAttempt | None:
    return db.session.scalar(
        select(PracticeAttempt).where(PracticeAttempt.call_public_id == call.public_id)
    )


def call_of(attempt: PracticeAttempt) -> Call | None:
    return db.session.scalar(
        select(Call).where(Call.public_id == attempt.call_public_id)
    )


def caller_prompt(call: Call, step) -> CallerPrompt | None:
    """Return the caller's line and answers for the step on screen, if scripted."""
    attempt = attempt_for_call(call)
    if attempt is None:
        return None
    scenario = all_scenarios().get(attempt.scenario_id)
    if scenario is None:
        return None
    line, answers = "", []
    dates = scenario.case_dates(local_today())
    if step is not None:
        line = scenario.line_for(step.id)
        if not line and step.id == "greeting":
            line = scenario.opening
        answers = [
            (question.label, fill_dates(scenario.answers[question.name], dates))
            for question in step.questions
            if question.name in scenario.answers
        ]
    line = fill_dates(line, dates)
    return CallerPrompt(scenario, attempt, line, answers)


def take_over(attempt: PracticeAttempt, call: Call, user) -> bool:
    """Let the trainee take their own passed practice call as the case owner."""
    if call.status != CallStatus.PASSED:
        return False
    return service.take_call(call, user)


def finish(attempt: PracticeAttempt, call: Call, user) -> Debrief | None:
    """End the practice call if it is still open, score it and keep the debrief."""
    scenario = all_scenarios().get(attempt.scenario_id)
    if scenario is None or attempt.is_finished:
        return None
    if call.status != CallStatus.ENDED:
        service.end_call_now(call, user, "Practice call finished")
    debrief = score(scenario, CallRecord.from_call(call))
    attempt.score = debrief.score
    attempt.max_score = debrief.max_score
    attempt.findings_json = _findings_json(debrief)
    attempt.finished_at = utcnow()
    db.session.commit()
    current_app.logger.info(
        "practice.finish",
        extra={"attempt_id": attempt.id, "score": debrief.score},
    )
    return debrief


def _findings_json(debrief: Debrief) -> str:
    return json.dumps(debrief.findings_as_dicts())


def attempts_of(user_id: int) -> list[PracticeAttempt]:
    db.metadatas[PRACTICE_BIND].create_all(bind=db.engines[PRACTICE_BIND])
    return db.session.scalars(
        select(PracticeAttempt)
        .where(PracticeAttempt.user_id == user_id)
        .order_by(PracticeAttempt.started_at.desc(), PracticeAttempt.id.desc())
    ).all()


def attempts_for_team(team_id: int | None) -> list[PracticeAttempt]:
    # Before anyone has practised, the practice tables may not exist yet.
    db.metadatas[PRACTICE_BIND].create_all(bind=db.engines[PRACTICE_BIND])
    return db.session.scalars(
        select(PracticeAttempt)
        .where(PracticeAttempt.team_id == team_id)
        .order_by(PracticeAttempt.started_at.desc(), PracticeAttempt.id.desc())
    ).all()
