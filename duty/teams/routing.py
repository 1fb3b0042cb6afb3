"""Who takes a passed call: the case owner, today's rota cover, or the team leader."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from duty.auth.models import Role, User
from duty.extensions import db
from duty.teams.models import Absence, RotaCover


@dataclass
class RouteDecision:
    kind: str  # "self", "owner", "cover", "team_leader" or "manager"
    target: User | None
    reason: str
    managers: list[User] = field(default_factory=list)


def is_absent(user: User, day: date, local_time: datetime | None = None) -> bool:
    """Return whether the user is away on that day (or that half day)."""
    absences = db.session.scalars(
        select(Absence).where(
            Absence.user_id == user.id,
            Absence.starts_on <= day,
            Absence.ends_on >= day,
        )
    ).all()
    for absence in absences:
        if absence.part_day is None or local_time is None:
            return True
        morning = local_time.hour < 13
        if (absence.part_day == "am") == morning:
            return True
    return False


def available(user: User | None, day: date, local_time=None) -> bool:
    return user is not None and user.active and not is_absent(user, day, local_time)


def rota_cover_for(user: User, day: date) -> User | None:
    cover = db.session.scalar(
        select(RotaCover).where(
            RotaCover.absent_user_id == user.id, RotaCover.on_date == day
        )
    )
    return cover.cover_user if cover else None


def route_case(case, handler: User, day: date, local_time=None) -> RouteDecision:
    """Decide who takes a call about this case today."""
    owner = case.owner
    if owner is not None and owner.id == handler.id:
        return RouteDecision("self", handler, "You are the case owner.")
    if available(owner, day, local_time):
        return RouteDecision("owner", owner, "The case owner is in today.")

    absent_reason = (
        "The case has no owner."
        if owner is None
        else f"{owner.full_name}, the case owner, is absent today."
    )
    if owner is not None:
        cover = rota_cover_for(owner, day)
        if available(cover, day, local_time):
            return RouteDecision(
                "cover", cover, f"{absent_reason} Today's rota names a cover."
            )

    leader = case.team.team_leader
    if available(leader, day, local_time):
        if leader.id == handler.id:
            return RouteDecision("self", handler, f"{absent_reason} You lead the team.")
        return RouteDecision(
            "team_leader", leader, f"{absent_reason} Calls go to the team leader."
        )

    managers = db.session.scalars(
        select(User)
        .where(
            User.team_id == case.team_id,
            User.role == Role.MANAGER,
            User.active.is_(True),
        )
        .order_by(User.full_name)
    ).all()
    managers = [m for m in managers if not is_absent(m, day, local_time)]
    return RouteDecision(
        "manager",
        None,
        f"{absent_reason} There is no rota cover and no team leader available. "
        "Put the call through to a manager.",
        managers,
    )
