"""Calls left in progress after the line dropped or the browser closed.

A call stays in progress until its handler ends it. When the handler never
comes back, a team leader or manager closes it. The call then ends with the
outcome "closed_unfinished" and keeps every step recorded so far. The
closing, with the reason given, is a call event and an audit record.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload

from duty import audit
from duty.auth.models import Role
from duty.calls.models import Call, CallStatus, CallStep
from duty.calls.service import add_event
from duty.extensions import db

CLOSED_UNFINISHED = "closed_unfinished"
REASON_MAX_LENGTH = 500


def stale_after() -> timedelta:
    """Return how long a call may be in progress before it counts as unfinished."""
    return timedelta(minutes=current_app.config["CALL_STALE_MINUTES"])


def is_unfinished(call: Call, now: datetime) -> bool:
    """Return whether a call is still in progress and started before the cut-off."""
    return (
        call.status == CallStatus.IN_PROGRESS and call.started_at < now - stale_after()
    )


def may_close(call: Call, user, now: datetime) -> bool:
    """Return whether the user leads the call's team and the call is unfinished."""
    leads_team = user.has_role(Role.TEAM_LEADER, Role.MANAGER)
    return leads_team and user.team_id == call.team_id and is_unfinished(call, now)


def unfinished_for_team(team_id: int | None, now: datetime) -> list[Call]:
    """Return the team's calls in progress for longer than the set time, oldest first."""
    if team_id is None:
        return []
    return db.session.scalars(
        select(Call)
        .where(
            Call.team_id == team_id,
            Call.status == CallStatus.IN_PROGRESS,
            Call.started_at < now - stale_after(),
        )
        .options(
            selectinload(Call.steps),
            joinedload(Call.answered_by),
            joinedload(Call.handler),
            joinedload(Call.case),
        )
        .order_by(Call.started_at)
    ).all()


def last_step(call: Call) -> CallStep | None:
    """Return the step of the call saved last, if any, to judge whether it is abandoned."""
    return max(call.steps, key=lambda step: step.answered_at, default=None)


def close_unfinished(call: Call, user, reason: str, now: datetime) -> bool:
    """End an unfinished call as closed unfinished, without committing.

    The status and start time are checked in the UPDATE itself, so a call
    its handler ended, or passed on, a moment before is left alone and
    False is returned.

    NOTE: a step the handler saves at the same moment is not checked against
    the closing. The step is kept, and if it ends or passes the call, its
    outcome replaces this one.
    """
    result = db.session.execute(
        update(Call)
        .where(
            Call.id == call.id,
            Call.status == CallStatus.IN_PROGRESS,
            Call.started_at < now - stale_after(),
        )
        .values(status=CallStatus.ENDED, outcome=CLOSED_UNFINISHED, ended_at=now)
    )
    if result.rowcount != 1:
        return False
    add_event(call, user, "closed_unfinished", reason)
    audit.record(
        "call.close_unfinished",
        "call",
        call.public_id,
        call_id=call.id,
        detail=f"reason: {reason}",
    )
    current_app.logger.info(
        "call.close_unfinished", extra={"call_id": call.id, "user_id": user.id}
    )
    return True


def closing_event(call: Call):
    """Return the event that closed the call as unfinished, if it was."""
    if call.outcome != CLOSED_UNFINISHED:
        return None
    return next((e for e in call.events if e.kind == "closed_unfinished"), None)
