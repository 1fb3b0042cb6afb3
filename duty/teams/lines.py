"""Rules for running a line: recorded message, diversion and voicemail."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.extensions import db
from duty.guidance.facts import OUT_OF_HOURS_MESSAGE
from duty.teams.hours import (
    Hours,
    end_of_next_working_day,
    is_working_day,
    local_moment,
    to_naive_utc,
)
from duty.teams.line_models import (
    DiversionConfirmation,
    DiversionKind,
    OutOfHoursMessage,
    Voicemail,
)
from duty.timeutil import to_local

MESSAGE_MAX_LENGTH = 1000
# A mailbox this full gets a warning before callers start hearing it is full.
MAILBOX_WARNING_SHARE = 0.8


def recommended_message(team) -> str:
    """Return the recommended out-of-hours wording with the team's name in it."""
    # The wording already says "criminal casework", so a team named
    # "Criminal casework North West" is read out as "North West".
    name = re.sub(r"^criminal casework\s+", "", team.name, flags=re.IGNORECASE)
    return OUT_OF_HOURS_MESSAGE.format(team_name=name)


def message_history(team) -> list[OutOfHoursMessage]:
    """Return every saved version of the team's message, newest first."""
    return db.session.scalars(
        select(OutOfHoursMessage)
        .where(OutOfHoursMessage.team_id == team.id)
        .order_by(OutOfHoursMessage.set_at.desc(), OutOfHoursMessage.id.desc())
    ).all()


def current_message(team) -> str:
    """Return the message the line plays when closed."""
    latest = db.session.scalar(
        select(OutOfHoursMessage.text)
        .where(OutOfHoursMessage.team_id == team.id)
        .order_by(OutOfHoursMessage.set_at.desc(), OutOfHoursMessage.id.desc())
        .limit(1)
    )
    return latest or recommended_message(team)


@dataclass
class DiversionCheck:
    """One confirmation a working day needs, and whether it is late."""

    day: date
    kind: str
    due: datetime  # aware, Europe/London
    confirmation: DiversionConfirmation | None
    overdue: bool

    @property
    def label(self) -> str:
        if self.kind == DiversionKind.DIVERTED:
            return "Line diverted to the recorded message at close"
        return "Diversion cancelled at opening"


def _confirmations(team_id: int, first: date, last: date) -> dict:
    rows = db.session.scalars(
        select(DiversionConfirmation).where(
            DiversionConfirmation.team_id == team_id,
            DiversionConfirmation.on_date >= first,
            DiversionConfirmation.on_date <= last,
        )
    ).all()
    return {(row.on_date, row.kind): row for row in rows}


def diversion_checks(team, first: date, last: date, now_utc: datetime) -> list:
    """Return the opening and closing confirmations due on each working day."""
    hours = Hours.of(team)
    now = to_local(now_utc)
    found = _confirmations(team.id, first, last)
    checks = []
    day = first
    while day <= last:
        if is_working_day(day, hours.region):
            for kind, clock in (
                (DiversionKind.CANCELLED, hours.opens_at),
                (DiversionKind.DIVERTED, hours.closes_at),
            ):
                due = local_moment(day, clock)
                confirmation = found.get((day, kind))
                overdue = confirmation is None and now > due
                checks.append(DiversionCheck(day, kind, due, confirmation, overdue))
        day += timedelta(days=1)
    return checks


def diversion_problem(team, day: date, kind: str | None) -> str | None:
    """Return why a diversion cannot be confirmed for that day, or None."""
    if kind not in (DiversionKind.DIVERTED, DiversionKind.CANCELLED):
        return "Select whether you diverted the line or cancelled the diversion"
    if not is_working_day(day, team.region or "ENG"):
        return "The line does not open today, so there is no diversion to confirm"
    return None


def record_diversion(team, day: date, kind: str, user) -> bool:
    """Store and audit a confirmation; return False if one was already stored."""
    db.session.add(
        DiversionConfirmation(
            team_id=team.id, on_date=day, kind=kind, confirmed_by_id=user.id
        )
    )
    try:
        db.session.flush()
    except IntegrityError:
        # Someone else confirmed first, so their confirmation is kept.
        db.session.rollback()
        current_app.logger.info(
            "lines.diversion_already_confirmed",
            extra={"team_id": team.id, "kind": kind, "user_id": user.id},
        )
        return False
    audit.record(f"diversion.{kind}", "team", team.id, detail=str(day), user=user)
    db.session.commit()
    return True


def voicemail_due(team, left_at_utc: datetime) -> datetime:
    """Return when a message must be cleared: the end of the next working day."""
    return to_naive_utc(end_of_next_working_day(left_at_utc, Hours.of(team)))


def log_voicemail(team, user, left_at: datetime, **details) -> Voicemail:
    """Store and audit a recorded message, due by the end of the next working day."""
    message = Voicemail(
        team_id=team.id,
        left_at=left_at,
        due_at=voicemail_due(team, left_at),
        logged_by_id=user.id,
        **details,
    )
    db.session.add(message)
    db.session.flush()
    audit.record("voicemail.log", "voicemail", message.id, user=user)
    db.session.commit()
    return message


def is_overdue(message: Voicemail, now_utc: datetime) -> bool:
    return message.dealt_at is None and now_utc > message.due_at


def mailbox_warning(team) -> str | None:
    """Return a warning when the mailbox is full or nearly full, else None."""
    waiting = db.session.scalar(
        select(func.count(Voicemail.id)).where(
            Voicemail.team_id == team.id, Voicemail.dealt_at.is_(None)
        )
    )
    capacity = team.mailbox_capacity or 0
    if capacity <= 0 or waiting < capacity * MAILBOX_WARNING_SHARE:
        return None
    if waiting >= capacity:
        return (
            f"The mailbox is full: {waiting} messages are waiting and it holds "
            f"{capacity}. Callers cannot leave a message until some are cleared."
        )
    return (
        f"The mailbox is nearly full: {waiting} of {capacity} messages are waiting. "
        "Clear them today."
    )
