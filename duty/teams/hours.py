"""Office hours of a duty line: open or closed, next opening, working days.

Lines open on weekdays between the team's opening and closing times, which are
naive UK wall-clock times. Public holidays come from the `holidays` package for
the team's UK subdivision (ENG, WLS, SCT or NIR). Its "(observed)" entries are
the substitute days given when a holiday falls on a weekend, and the line is
closed on them too. Every moment passed in or returned is an aware datetime or
a naive UTC one. Wall-clock arithmetic goes through Europe/London, so the
results stay right on the days the clocks change.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays

from duty.timeutil import LONDON

# UK closures run to about four days in a row (Christmas next to a weekend), so
# a search that passes 28 days per working day means the calendar is broken.
_SEARCH_LIMIT_DAYS = 28


@dataclass(frozen=True)
class Hours:
    """The parts of a team's settings that decide when its line is open."""

    opens_at: time
    closes_at: time
    region: str = "ENG"

    @classmethod
    def of(cls, team) -> "Hours":
        return cls(team.opens_at, team.closes_at, team.region or "ENG")


@dataclass(frozen=True)
class LineStatus:
    """Whether a line is open at one moment, and when it next opens."""

    is_open: bool
    reason: str
    next_opening: datetime | None  # aware, Europe/London; None while open
    closes_at: datetime | None  # aware, Europe/London; None while closed

    @property
    def label(self) -> str:
        return "Open" if self.is_open else "Closed"


@lru_cache(maxsize=32)
def _calendar(region: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=region, years=year)


def holiday_name(day: date, region: str) -> str | None:
    """Return the public holiday on that day in the region, or None."""
    name = _calendar(region, day.year).get(day)
    if name is None:
        return None
    return name.replace("(observed)", "(substitute day)")


def is_working_day(day: date, region: str) -> bool:
    """Return whether the line opens at all on that day."""
    return day.weekday() < 5 and holiday_name(day, region) is None


def closed_reason(day: date, region: str) -> str | None:
    """Return why the line is closed all day, or None on a working day."""
    name = holiday_name(day, region)
    if name is not None:
        return f"{name} is a public holiday"
    if day.weekday() >= 5:
        return f"{day:%A} is not a working day"
    return None


def next_working_day(day: date, region: str) -> date:
    """Return the first working day after the given day."""
    return add_working_days(day, 1, region)


def add_working_days(day: date, count: int, region: str) -> date:
    """Return the date that is count working days after the given day."""
    if count < 0:
        raise ValueError(f"count must be zero or more, not {count}")
    current = day
    remaining = count
    steps = 0
    while remaining:
        current += timedelta(days=1)
        steps += 1
        if steps > _SEARCH_LIMIT_DAYS * max(count, 1):
            raise ValueError(f"no working day found after {day} in {region}")
        if is_working_day(current, region):
            remaining -= 1
    return current


def local_moment(day: date, clock: time) -> datetime:
    """Return the aware UK datetime for a wall-clock time on a day."""
    return datetime.combine(day, clock, LONDON)


def _as_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON)


def end_of_next_working_day(moment: datetime, hours: Hours) -> datetime:
    """Return the closing time on the first working day after the moment's day."""
    day = next_working_day(_as_local(moment).date(), hours.region)
    return local_moment(day, hours.closes_at)


def line_status(hours: Hours, moment: datetime) -> LineStatus:
    """Return whether the line is open at the moment (naive UTC or aware)."""
    local = _as_local(moment)
    today = local.date()
    opens = local_moment(today, hours.opens_at)
    closes = local_moment(today, hours.closes_at)
    reason = closed_reason(today, hours.region)

    if reason is None and opens <= local < closes:
        return LineStatus(True, "Open during office hours", None, closes)
    if reason is None and local < opens:
        return LineStatus(False, "The office has not opened yet today", opens, None)
    if reason is None:
        reason = "The office has closed for the day"
    return LineStatus(False, reason, next_opening(hours, local), None)


def next_opening(hours: Hours, moment: datetime) -> datetime:
    """Return the next time the line opens strictly after the moment."""
    local = _as_local(moment)
    day = local.date()
    if is_working_day(day, hours.region) and local < local_moment(day, hours.opens_at):
        return local_moment(day, hours.opens_at)
    return local_moment(next_working_day(day, hours.region), hours.opens_at)


def clock_change(day: date) -> str | None:
    """Describe a change of UK clocks on that day, or return None."""
    start = datetime.combine(day, time(0), LONDON).utcoffset()
    end = datetime.combine(day + timedelta(days=1), time(0), LONDON).utcoffset()
    if start == end:
        return None
    if end > start:
        return "Clocks go forward one hour at 1am (British Summer Time starts)"
    return "Clocks go back one hour at 2am (British Summer Time ends)"


def hours_problem(opens_at: time, closes_at: time) -> str | None:
    """Return what is wrong with a pair of opening and closing times, or None."""
    if closes_at <= opens_at:
        return "The closing time must be after the opening time"
    # Between 1am and 2am one UK wall-clock time is skipped in March and
    # another repeats in October, so a line could open or close twice or never.
    ambiguous = time(1, 0) <= opens_at < time(2, 0) or time(1, 0) <= closes_at < time(
        2, 0
    )
    if ambiguous:
        return (
            "Opening and closing times between 1am and 2am are skipped or repeated "
            "when the clocks change. Choose a time outside that hour"
        )
    return None


def day_summary(day: date, hours: Hours) -> dict:
    """Return a day's UK opening and closing times, with holiday and clock notes."""
    reason = closed_reason(day, hours.region)
    summary = {
        "day": day,
        "is_working_day": reason is None,
        "closed_reason": reason,
        "clock_change": clock_change(day),
        "opens": None,
        "closes": None,
    }
    if reason is None:
        summary["opens"] = local_moment(day, hours.opens_at)
        summary["closes"] = local_moment(day, hours.closes_at)
    return summary


def to_naive_utc(moment: datetime) -> datetime:
    """Convert an aware datetime to the naive UTC form the database stores."""
    return moment.astimezone(UTC).replace(tzinfo=None)
