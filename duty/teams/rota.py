"""Rules for absences, per-day rota cover and who answers the line first."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from duty import audit
from duty.auth.models import CALL_ROLES, User
from duty.extensions import db
from duty.teams.hours import clock_change, closed_reason
from duty.teams.line_models import FirstAnswerer
from duty.teams.models import Absence, RotaCover
from duty.teams.routing import available, is_absent
from duty.teams.training import training_warning

PART_DAYS = {"": "Whole day", "am": "Morning only", "pm": "Afternoon only"}

# A time in each half day, for asking routing who takes calls in that half.
# Routing counts a time before 13:00 as the morning.
HALF_DAY_TIMES = {"am": time(10, 0), "pm": time(14, 0)}
HALF_DAY_NAMES = {"am": "Morning", "pm": "Afternoon"}


@dataclass
class RotaDay:
    """Everything the person answering the line needs to know about one day."""

    day: date
    absences: list[Absence]
    covers: list[RotaCover]
    first_answerer: User | None
    warnings: list[str] = field(default_factory=list)
    # Who takes the calls of each absent person, by absence id, as routing decides.
    calls_go_to: dict[int, str] = field(default_factory=dict)


def team_members(team) -> list[User]:
    return db.session.scalars(
        select(User)
        .where(User.team_id == team.id, User.active.is_(True))
        .order_by(User.full_name)
    ).all()


def absence_problems(
    user: User,
    starts_on: date,
    ends_on: date,
    part_day: str,
    ignore_id: int | None = None,
) -> list[tuple[str, str]]:
    """Return (field, message) pairs for an absence that cannot be recorded."""
    problems = []
    if ends_on < starts_on:
        problems.append(
            ("ends_on-day", "The end date must be the same as or after the start date")
        )
        return problems
    if part_day and ends_on != starts_on:
        problems.append(
            (
                "part_day",
                "A morning or afternoon absence must start and end on the "
                "same day. Choose whole day for longer absences",
            )
        )
    overlapping = db.session.scalars(
        select(Absence).where(
            Absence.user_id == user.id,
            Absence.starts_on <= ends_on,
            Absence.ends_on >= starts_on,
        )
    ).all()
    for other in overlapping:
        if other.id == ignore_id:
            continue
        halves = {other.part_day, part_day or None}
        if halves == {"am", "pm"}:
            continue
        problems.append(
            (
                "starts_on-day",
                f"{user.full_name} already has an absence from "
                f"{other.starts_on:%-d %B %Y} to {other.ends_on:%-d %B %Y} "
                "that overlaps these dates",
            )
        )
        break
    return problems


def rota_date_problem(day: date, today: date, region: str) -> str | None:
    """Return why a rota cannot be set for that day, or None."""
    if day < today:
        return "The rota date must be today or in the future"
    reason = closed_reason(day, region)
    if reason is None:
        return None
    note = clock_change(day)
    extra = f" {note}, but the line is closed anyway." if note else ""
    return (
        f"The line is closed on {day:%A %-d %B %Y} because {reason}.{extra} "
        "Choose a working day"
    )


def cover_problems(team, absent: User, cover: User, day: date) -> list[tuple]:
    """Return (field, message) pairs for a rota cover that cannot be set."""
    problems = []
    if absent.team_id != team.id:
        problems.append(("absent_user_id", "Select someone in this team"))
    if cover.id == absent.id:
        problems.append(
            ("cover_user_id", "Select someone other than the absent person")
        )
    elif cover.team_id != team.id:
        problems.append(
            (
                "cover_user_id",
                f"{cover.full_name} is in another team. Select someone in this team",
            )
        )
    elif not cover.has_role(*CALL_ROLES):
        problems.append(("cover_user_id", f"{cover.full_name} does not take calls"))
    elif is_absent(cover, day):
        problems.append(
            (
                "cover_user_id",
                f"{cover.full_name} is absent on {day:%-d %B %Y}. "
                "Select someone who is in",
            )
        )
    if not problems and not is_absent(absent, day):
        problems.append(
            (
                "absent_user_id",
                f"{absent.full_name} is not absent on {day:%-d %B %Y}. "
                "Record the absence first",
            )
        )
    return problems


def first_answerer_problem(team, user: User, day: date) -> str | None:
    if user.team_id != team.id:
        return f"{user.full_name} is in another team. Select someone in this team"
    if not user.has_role(*CALL_ROLES):
        return f"{user.full_name} does not take calls"
    if is_absent(user, day):
        return (
            f"{user.full_name} is absent on {day:%-d %B %Y}. Select someone who is in"
        )
    return None


def first_answerer_on(team, day: date) -> User | None:
    appointment = db.session.scalar(
        select(FirstAnswerer).where(
            FirstAnswerer.team_id == team.id, FirstAnswerer.on_date == day
        )
    )
    return appointment.user if appointment else None


def rota_for(team, day: date) -> RotaDay:
    """Return the day's absences, covers and first answerer, with warnings."""
    absences = db.session.scalars(
        select(Absence)
        .join(User, Absence.user_id == User.id)
        .where(
            User.team_id == team.id, Absence.starts_on <= day, Absence.ends_on >= day
        )
        .order_by(User.full_name)
    ).all()
    covers = db.session.scalars(
        select(RotaCover).where(RotaCover.team_id == team.id, RotaCover.on_date == day)
    ).all()
    first = first_answerer_on(team, day)
    rota = RotaDay(day, absences, covers, first)
    cover_of = {cover.absent_user_id: cover.cover_user for cover in covers}
    for absence in absences:
        cover = cover_of.get(absence.user_id)
        rota.calls_go_to[absence.id] = calls_go_to(team, absence, cover, day)
    if first is None:
        rota.warnings.append("No one is appointed to answer the line first.")
    on_line = ([first] if first else []) + [cover.cover_user for cover in covers]
    for person in {user.id: user for user in on_line}.values():
        warning = training_warning(person)
        if warning:
            rota.warnings.append(warning)
    return rota


def calls_go_to(team, absence: Absence, cover: User | None, day: date) -> str:
    """Describe who takes an absent person's calls, following the routing rules.

    The rota cover takes them while in, then the team leader, then a manager.
    When the morning and the afternoon differ, the text names both halves.
    """
    halves = [absence.part_day] if absence.part_day else ["am", "pm"]
    by_half = {
        half: _calls_go_to_at(team, cover, datetime.combine(day, HALF_DAY_TIMES[half]))
        for half in halves
    }
    if len(set(by_half.values())) == 1:
        return by_half[halves[0]]
    return "; ".join(
        f"{HALF_DAY_NAMES[half]}: {text}" for half, text in by_half.items()
    )


def _calls_go_to_at(team, cover: User | None, moment: datetime) -> str:
    if cover is not None and available(cover, moment.date(), moment):
        return f"{cover.full_name} (rota cover)"
    if cover is None:
        reason = "no rota cover set"
    else:
        reason = f"{cover.full_name}, the rota cover, is absent"
    if available(team.team_leader, moment.date(), moment):
        return f"The team leader ({reason})"
    return f"A manager ({reason}, and the team leader is absent)"


def days_covering(user: User, first: date, last: date) -> list[date]:
    """Return the days from first to last on which the user is someone's rota cover."""
    return db.session.scalars(
        select(RotaCover.on_date)
        .where(
            RotaCover.cover_user_id == user.id,
            RotaCover.on_date >= first,
            RotaCover.on_date <= last,
        )
        .distinct()
        .order_by(RotaCover.on_date)
    ).all()


def cover_days(first: date, last: date, region: str) -> list[date]:
    """Return the days from first to last, inclusive, on which the line is open."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if closed_reason(day, region) is None]


def cover_range_problems(team, absent: User, cover: User, days: list[date]) -> list:
    """Return (field, message) pairs for the first day of a range that cannot be
    covered, noting how many other days have a problem too."""
    failing = []
    for day in days:
        problems = cover_problems(team, absent, cover, day)
        if problems:
            failing.append(problems)
    if len(failing) <= 1:
        return failing[0] if failing else []
    others = len(failing) - 1
    note = f". {others} other working day{'s' if others > 1 else ''} in the range also cannot be covered"
    return [(field_id, message + note) for field_id, message in failing[0]]


def save_cover(
    team, absent: User, cover: User, days: list[date], manager: User
) -> list:
    """Store who covers an absent colleague on each day, replacing earlier choices."""
    rows = []
    for day in days:
        row = db.session.scalar(
            select(RotaCover).where(
                RotaCover.absent_user_id == absent.id, RotaCover.on_date == day
            )
        )
        if row is None:
            row = RotaCover(team_id=team.id, on_date=day, absent_user_id=absent.id)
            db.session.add(row)
        row.cover_user_id, row.set_by_id = cover.id, manager.id
        db.session.flush()
        audit.record(
            "rota.cover_set", "rota_cover", row.id, detail=str(day), user=manager
        )
        rows.append(row)
    db.session.commit()
    return rows


def save_first_answerer(team, person: User, day: date, manager: User) -> FirstAnswerer:
    """Store who answers the line first on a day, replacing any earlier choice."""
    row = db.session.scalar(
        select(FirstAnswerer).where(
            FirstAnswerer.team_id == team.id, FirstAnswerer.on_date == day
        )
    )
    if row is None:
        row = FirstAnswerer(team_id=team.id, on_date=day)
        db.session.add(row)
    row.user_id, row.set_by_id = person.id, manager.id
    db.session.flush()
    audit.record(
        "rota.first_answerer", "first_answerer", row.id, detail=str(day), user=manager
    )
    db.session.commit()
    return row
