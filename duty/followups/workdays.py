"""Working days for follow-up due times, from the teams' line calendar.

A working day is Monday to Friday, less the public holidays of the team's
region, as `duty.teams.hours` decides for the line's opening hours.
"""

from datetime import date, datetime, time

from duty.teams.hours import (
    add_working_days,
    is_working_day,
    local_moment,
    to_naive_utc,
)


def close_of_day(day: date, closes_at: time) -> datetime:
    """Return the line's closing time on a UK date, as naive UTC."""
    return to_naive_utc(local_moment(day, closes_at))


__all__ = ["add_working_days", "close_of_day", "is_working_day"]
