from datetime import date, datetime, time

import pytest

from duty.followups.workdays import add_working_days, close_of_day, is_working_day


def test_christmas_substitute_day_is_skipped():
    # Christmas Day 2022 was a Sunday; 26 and 27 December were bank holidays.
    assert add_working_days(date(2022, 12, 23), 2, "ENG") == date(2022, 12, 29)


def test_weekend_is_skipped():
    assert add_working_days(date(2026, 12, 4), 1, "ENG") == date(2026, 12, 7)


def test_zero_days_is_same_day():
    assert add_working_days(date(2026, 12, 2), 0, "ENG") == date(2026, 12, 2)


@pytest.mark.parametrize(
    ("day", "region", "working"),
    [
        (date(2026, 4, 6), "ENG", False),  # Easter Monday in England
        (date(2026, 4, 6), "SCT", True),  # not a bank holiday in Scotland
        (date(2026, 1, 2), "SCT", False),  # 2 January in Scotland
        (date(2026, 1, 2), "ENG", True),
        (date(2026, 3, 17), "NIR", False),  # St Patrick's Day
        (date(2026, 8, 31), "ENG", False),  # late summer bank holiday
        (date(2026, 8, 3), "SCT", False),  # Scottish summer bank holiday
    ],
)
def test_bank_holidays_follow_region(day, region, working):
    assert is_working_day(day, region) is working


def test_close_of_day_in_summer_time_is_utc():
    assert close_of_day(date(2025, 7, 1), time(17, 0)) == datetime(2025, 7, 1, 16, 0)


def test_close_of_day_in_winter_is_utc():
    assert close_of_day(date(2025, 12, 1), time(17, 0)) == datetime(2025, 12, 1, 17, 0)
