"""Office hours, public holidays and working days, in UK time."""

from datetime import date, datetime, time

import pytest

from duty.teams.hours import (
    Hours,
    add_working_days,
    clock_change,
    day_summary,
    end_of_next_working_day,
    holiday_name,
    hours_problem,
    is_working_day,
    line_status,
    next_opening,
    next_working_day,
)

NINE_TO_FIVE = Hours(time(9, 0), time(17, 0), "ENG")


def utc(*parts) -> datetime:
    return datetime(*parts)


def test_open_on_ordinary_weekday():
    status = line_status(NINE_TO_FIVE, utc(2026, 1, 14, 11, 0))

    assert status.is_open
    assert status.closes_at.hour == 17


def test_open_at_1659_and_closed_at_1700():
    # January is GMT, so UTC and UK wall-clock times are the same.
    assert line_status(NINE_TO_FIVE, utc(2026, 1, 14, 16, 59)).is_open
    assert not line_status(NINE_TO_FIVE, utc(2026, 1, 14, 17, 0)).is_open


def test_closed_at_1700_opens_next_morning():
    status = line_status(NINE_TO_FIVE, utc(2026, 1, 14, 17, 0))

    assert status.next_opening == datetime(
        2026, 1, 15, 9, 0, tzinfo=status.next_opening.tzinfo
    )


def test_closed_before_opening_opens_same_day():
    status = line_status(NINE_TO_FIVE, utc(2026, 1, 14, 8, 59))

    assert not status.is_open
    assert status.next_opening.date() == date(2026, 1, 14)
    assert status.reason == "The office has not opened yet today"


def test_closed_on_saturday_opens_monday():
    status = line_status(NINE_TO_FIVE, utc(2026, 1, 17, 11, 0))

    assert not status.is_open
    assert status.reason == "Saturday is not a working day"
    assert status.next_opening.date() == date(2026, 1, 19)
    assert status.next_opening.hour == 9


def test_summer_time_open_at_0930_london():
    assert line_status(NINE_TO_FIVE, utc(2025, 7, 1, 8, 30)).is_open


def test_summer_time_closed_at_1730_london():
    assert not line_status(NINE_TO_FIVE, utc(2025, 7, 1, 16, 30)).is_open


def test_summer_time_opens_at_0800_utc():
    assert line_status(NINE_TO_FIVE, utc(2025, 7, 1, 8, 0)).is_open
    assert not line_status(NINE_TO_FIVE, utc(2025, 7, 1, 7, 59)).is_open


def test_clocks_forward_day_follows_london_time():
    # 2025-03-30 is the Sunday the clocks go forward; Monday opens at 08:00 UTC.
    sunday = line_status(NINE_TO_FIVE, utc(2025, 3, 30, 10, 0))
    monday_opening = sunday.next_opening

    assert not sunday.is_open
    assert monday_opening.date() == date(2025, 3, 31)
    assert monday_opening.utcoffset().total_seconds() == 3600
    assert line_status(NINE_TO_FIVE, utc(2025, 3, 31, 8, 0)).is_open
    assert not line_status(NINE_TO_FIVE, utc(2025, 3, 31, 7, 59)).is_open


def test_clocks_back_day_follows_london_time():
    # 2025-10-26 is the Sunday the clocks go back; Monday opens at 09:00 UTC.
    sunday = line_status(NINE_TO_FIVE, utc(2025, 10, 26, 10, 0))

    assert not sunday.is_open
    assert sunday.next_opening.utcoffset().total_seconds() == 0
    assert not line_status(NINE_TO_FIVE, utc(2025, 10, 27, 8, 30)).is_open
    assert line_status(NINE_TO_FIVE, utc(2025, 10, 27, 9, 0)).is_open


def test_friday_before_clocks_change_uses_summer_time():
    # Friday 2025-10-24 is still BST: 16:30 UTC is 17:30 in London.
    assert not line_status(NINE_TO_FIVE, utc(2025, 10, 24, 16, 30)).is_open
    assert line_status(NINE_TO_FIVE, utc(2025, 10, 24, 15, 59)).is_open


def test_clock_change_described():
    assert clock_change(date(2025, 3, 30)).startswith("Clocks go forward")
    assert clock_change(date(2025, 10, 26)).startswith("Clocks go back")
    assert clock_change(date(2025, 10, 27)) is None


def test_christmas_on_saturday_is_closed():
    status = line_status(NINE_TO_FIVE, utc(2027, 12, 25, 11, 0))

    assert not status.is_open
    assert status.reason == "Christmas Day is a public holiday"


def test_christmas_substitute_monday_is_closed():
    status = line_status(NINE_TO_FIVE, utc(2027, 12, 27, 11, 0))

    assert not status.is_open
    assert status.reason == "Christmas Day (substitute day) is a public holiday"


def test_boxing_day_substitute_tuesday_is_closed():
    status = line_status(NINE_TO_FIVE, utc(2027, 12, 28, 11, 0))

    assert not status.is_open
    assert status.next_opening.date() == date(2027, 12, 29)


def test_christmas_2022_substitute_is_tuesday():
    assert holiday_name(date(2022, 12, 26), "ENG") == "Boxing Day"
    assert holiday_name(date(2022, 12, 27), "ENG") == "Christmas Day (substitute day)"
    assert is_working_day(date(2022, 12, 28), "ENG")


@pytest.mark.parametrize(
    ("region", "day", "closed"),
    [
        ("ENG", date(2026, 4, 6), True),  # Easter Monday
        ("SCT", date(2026, 4, 6), False),  # not a holiday in Scotland
        ("SCT", date(2026, 8, 3), True),  # Scotland's summer holiday
        ("ENG", date(2026, 8, 3), False),
        ("NIR", date(2026, 3, 17), True),  # St Patrick's Day
        ("WLS", date(2026, 3, 17), False),
    ],
)
def test_region_decides_public_holidays(region, day, closed):
    assert is_working_day(day, region) is not closed


def test_voicemail_due_over_christmas():
    left = utc(2022, 12, 23, 16, 0)

    due = end_of_next_working_day(left, NINE_TO_FIVE)

    assert due.date() == date(2022, 12, 28)
    assert due.hour == 17


def test_two_working_days_after_christmas_friday():
    assert add_working_days(date(2022, 12, 23), 2, "ENG") == date(2022, 12, 29)


def test_next_working_day_skips_weekend():
    assert next_working_day(date(2026, 1, 16), "ENG") == date(2026, 1, 19)


def test_next_working_day_skips_easter():
    assert next_working_day(date(2026, 4, 2), "ENG") == date(2026, 4, 7)


def test_add_zero_working_days_is_same_day():
    assert add_working_days(date(2026, 1, 17), 0, "ENG") == date(2026, 1, 17)


def test_add_negative_working_days_rejected():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 17), -1, "ENG")


def test_next_opening_after_close_on_friday():
    opening = next_opening(NINE_TO_FIVE, utc(2026, 1, 16, 18, 0))

    assert opening.date() == date(2026, 1, 19)


def test_closing_before_opening_is_a_problem():
    assert hours_problem(time(17, 0), time(9, 0)) == (
        "The closing time must be after the opening time"
    )
    assert hours_problem(time(9, 0), time(9, 0)) is not None
    assert hours_problem(time(9, 0), time(17, 0)) is None


def test_hours_in_clock_change_hour_are_a_problem():
    assert "skipped or repeated" in hours_problem(time(1, 30), time(17, 0))


def test_day_summary_of_substitute_day():
    summary = day_summary(date(2027, 12, 27), NINE_TO_FIVE)

    assert not summary["is_working_day"]
    assert "substitute day" in summary["closed_reason"]
    assert summary["opens"] is None


def test_day_summary_in_summer_gives_bst():
    summary = day_summary(date(2025, 7, 1), NINE_TO_FIVE)

    assert summary["opens"].strftime("%H:%M %Z") == "09:00 BST"
