"""Creating follow-ups, working out when they are due, and closing them."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from duty import audit
from duty.auth.models import Role
from duty.extensions import db
from duty.followups.models import FollowUp
from duty.followups.workdays import add_working_days, close_of_day, is_working_day
from duty.guidance.questions import FieldError
from duty.timeutil import format_local, to_local

# Choices a handler gives the caller for when a promise will be kept.
DUE_CHOICES = {"today": 0, "1": 1, "2": 2, "5": 5}


@dataclass
class Due:
    at: datetime | None = None
    error: FieldError | None = None


def due_from_choice(choice: str, on_date: str | None, team, now: datetime) -> Due:
    """Return when a promise falls due: close of a working day, in naive UTC.

    `choice` is "today", a number of working days, or "date" with `on_date`
    an ISO date already checked to be in the future.
    """
    today = to_local(now).date()
    region = team.region or "ENG"
    if choice == "date":
        day = date.fromisoformat(on_date)
        if not is_working_day(day, region):
            return Due(error=FieldError("due_on", "due_on-day", _not_working(day)))
        return Due(at=close_of_day(day, team.closes_at))
    count = DUE_CHOICES[choice]
    start = today
    if count and not is_working_day(today, region):
        # Counting from a weekend or holiday starts on the next working day.
        start = add_working_days(today, 1, region)
        count -= 1
    day = add_working_days(start, count, region)
    due = close_of_day(day, team.closes_at)
    if choice == "today" and (not is_working_day(today, region) or due <= now):
        message = "The line has closed for today. Choose a number of working days"
        return Due(error=FieldError("due_in", "due_in", message))
    return Due(at=due)


def hint_due_times(questions, team, now: datetime) -> list:
    """Return the questions with each due-time option hinted with its date and time.

    The handler then reads the exact due time to the caller.
    """
    hinted = []
    for question in questions:
        if question.name != "due_in":
            hinted.append(question)
            continue
        options = []
        for option in question.options:
            hint = option.hint
            if option.value in DUE_CHOICES:
                due = due_from_choice(option.value, None, team, now)
                hint = (
                    f"By {format_local(due.at, '%A %-d %B %Y, %H:%M')}"
                    if due.at
                    else "The line has closed for today"
                )
            options.append(replace(option, hint=hint))
        hinted.append(replace(question, options=tuple(options)))
    return hinted


def _not_working(day: date) -> str:
    return (
        f"Due date must be a working day. {day:%-d %B %Y} is a weekend or bank holiday"
    )


def create(call, owner, kind: str, detail: str, due_at: datetime, user) -> FollowUp:
    """Add a follow-up for the call's case; the caller's commit stores it."""
    follow_up = FollowUp(
        call_id=call.id,
        case_id=call.case_id,
        team_id=call.case.team_id if call.case else call.team_id,
        owner_id=owner.id,
        created_by_id=user.id,
        kind=kind,
        detail=detail[:2000],
        due_at=due_at,
        first_due_at=due_at,
    )
    db.session.add(follow_up)
    db.session.flush()
    audit.record(
        "follow_up.create", "follow_up", follow_up.id, call_id=call.id, detail=kind
    )
    current_app.logger.info(
        "follow_up.create",
        extra={"follow_up_id": follow_up.id, "call_id": call.id, "kind": kind},
    )
    return follow_up


def can_manage(follow_up: FollowUp, user) -> bool:
    """Return whether the user owns the follow-up or leads or manages its team."""
    if follow_up.owner_id == user.id:
        return True
    return user.has_role(Role.TEAM_LEADER, Role.MANAGER) and (
        user.team_id == follow_up.team_id
    )


def mark_done(follow_up: FollowUp, user, now: datetime) -> None:
    """Mark a follow-up done; doing it twice keeps the first time."""
    if follow_up.done_at is not None:
        return
    follow_up.done_at = now
    follow_up.done_by_id = user.id
    audit.record("follow_up.done", "follow_up", follow_up.id, call_id=follow_up.call_id)
    db.session.commit()


def record_delay_told(follow_up: FollowUp, user, now: datetime, new_due: Due):
    """Record that the caller was told of a delay, and the new due time.

    Returns a FieldError when it cannot be recorded: the follow-up is done,
    the due time has already passed, or the new due time is not later.
    """
    if new_due.error:
        return new_due.error
    if follow_up.caller_told_of_delay_at is not None and new_due.at == follow_up.due_at:
        # The same delay posted twice, as by a double click, is already recorded.
        return None
    if follow_up.done_at is not None:
        return FieldError("due_in", "due_in", "This follow-up is already done")
    if follow_up.due_at <= now:
        return FieldError(
            "due_in",
            "due_in",
            "The due time has passed, so the caller was not told in time. "
            "Contact the caller now and mark the follow-up done when it is",
        )
    if new_due.at <= follow_up.due_at:
        return FieldError(
            "due_in", "due_in", "Choose a new due time later than the current one"
        )
    follow_up.caller_told_of_delay_at = now
    follow_up.delay_told_by_id = user.id
    follow_up.due_at = new_due.at
    audit.record(
        "follow_up.delay_told", "follow_up", follow_up.id, call_id=follow_up.call_id
    )
    db.session.commit()
    return None


def mine(user) -> list[FollowUp]:
    """Return the user's follow-ups not yet done, soonest due first."""
    return db.session.scalars(
        select(FollowUp)
        .where(FollowUp.owner_id == user.id, FollowUp.done_at.is_(None))
        .order_by(FollowUp.due_at)
    ).all()


def overdue_for_team(team_id: int, now: datetime) -> list[FollowUp]:
    """Return the team's follow-ups past their due time and not done."""
    return db.session.scalars(
        select(FollowUp)
        .where(
            FollowUp.team_id == team_id,
            FollowUp.done_at.is_(None),
            FollowUp.due_at < now,
        )
        .order_by(FollowUp.due_at)
    ).all()


def for_call(call_id: int) -> list[FollowUp]:
    return db.session.scalars(
        select(FollowUp).where(FollowUp.call_id == call_id).order_by(FollowUp.id)
    ).all()
