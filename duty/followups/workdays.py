"""Working days: Monday to Friday, less the bank holidays of a team's region.

TODO: move these helpers into the teams package's working-hours module once
it exists, so line hours and follow-up due dates share one calendar.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import holidays

from duty.timeutil import LONDON


@cache
def _holidays(region: str, year: int):
    # Without a subdivision the package leaves out Easter Monday in England
    # and the August holiday, so the region is always passed.
    return holidays.country_holidays("GB", subdiv=region, years=year)


def is_working_day(day: date, region: str) -> bool:
    """Return whether the day is a weekday and not a bank holiday in the region."""
    return day.weekday() < 5 and day not in _holidays(region, day.year)


def add_working_days(start: date, count: int, region: str) -> date:
    """Return the date `count` working days after `start`; 0 gives `start` itself."""
    day = start
    added = 0
    while added < count:
        day += timedelta(days=1)
        if is_working_day(day, region):
            added += 1
    return day


def close_of_day(day: date, closes_at: time) -> datetime:
    """Return the line's closing time on a UK date, as naive UTC."""
    local = datetime.combine(day, closes_at, LONDON)
    return local.astimezone(UTC).replace(tzinfo=None)
