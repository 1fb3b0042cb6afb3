"""Template filters for UK dates and times."""

from datetime import date, datetime

from duty.timeutil import format_local


def _uk_datetime(value: datetime | None) -> str:
    return format_local(value, "%-d %B %Y at %H:%M")


def _uk_time(value: datetime | None) -> str:
    return format_local(value, "%H:%M")


def _uk_date(value: date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def _iso_utc(value: datetime | None) -> str:
    return value.replace(microsecond=0).isoformat() + "Z" if value else ""


def register(app) -> None:
    app.jinja_env.filters["uk_datetime"] = _uk_datetime
    app.jinja_env.filters["uk_time"] = _uk_time
    app.jinja_env.filters["uk_date"] = _uk_date
    app.jinja_env.filters["iso_utc"] = _iso_utc
