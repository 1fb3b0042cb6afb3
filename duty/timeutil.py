"""Clock helpers. All stored times are naive UTC; display is in UK time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

LONDON = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime, or the app's frozen clock."""
    if has_app_context():
        frozen = current_app.config.get("FROZEN_NOW")
        if frozen is not None:
            return frozen
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """Convert a naive UTC datetime to UK local time."""
    return moment.replace(tzinfo=UTC).astimezone(LONDON)


def local_now() -> datetime:
    """Return the current time in the UK."""
    return to_local(utcnow())


def local_today():
    """Return today's date in the UK."""
    return local_now().date()


def format_local(moment: datetime | None, pattern: str = "%d %b %Y %H:%M") -> str:
    """Format a naive UTC datetime in UK local time, or return an empty string."""
    if moment is None:
        return ""
    return to_local(moment).strftime(pattern)
