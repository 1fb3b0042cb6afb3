"""Read-only queries over calls: incoming lists, open calls, the team log."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select

from duty.auth.models import Role
from duty.calls.models import Call, CallStatus
from duty.extensions import db
from duty.timeutil import LONDON


def incoming_for(user) -> list[Call]:
    """Calls passed to this user, or to their team's leader or manager role."""
    conditions = [Call.passed_to_id == user.id]
    if user.has_role(Role.TEAM_LEADER, Role.MANAGER) and user.team_id:
        conditions.append(Call.team_id == user.team_id)
    return db.session.scalars(
        select(Call)
        .where(Call.status == CallStatus.PASSED, or_(*conditions))
        .order_by(Call.passed_at)
    ).all()


def open_calls_for(user) -> list[Call]:
    return db.session.scalars(
        select(Call)
        .where(Call.handler_id == user.id, Call.status == CallStatus.IN_PROGRESS)
        .order_by(Call.started_at.desc())
    ).all()


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def team_log(team_id: int | None, first: date, last: date, filters: dict) -> list[Call]:
    """Calls started between two UK dates (inclusive), newest first."""
    start = _naive_utc(datetime.combine(first, time.min, LONDON))
    end = _naive_utc(datetime.combine(last + timedelta(days=1), time.min, LONDON))
    if team_id is None:
        return []  # no team means no calls, never every team's calls
    query = select(Call).where(
        Call.team_id == team_id, Call.started_at >= start, Call.started_at < end
    )
    if filters.get("caller_type"):
        query = query.where(Call.caller_type == filters["caller_type"])
    if filters.get("outcome"):
        query = query.where(Call.outcome == filters["outcome"])
    if filters.get("handler_id"):
        query = query.where(Call.answered_by_id == filters["handler_id"])
    return db.session.scalars(query.order_by(Call.started_at.desc())).all()
