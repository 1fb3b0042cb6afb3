"""Dates typed into filters must fall in the years the queries can handle."""

from datetime import date

import pytest

from duty.auth.models import Role
from duty.guidance.questions import validate_date
from tests.conftest import text_of

AUDIT_TO_9999 = "to-day=31&to-month=12&to-year=9999"
INCIDENT_PERIOD = (
    "from-day=1&from-month=1&from-year=2026&to-day=31&to-month=12&to-year=9999"
)

# (role, address, field id, message, value shown again in the form)
YEAR_9999_FILTERS = [
    (
        "owner",
        "/calls/log?to=9999-12-31",
        "to",
        "The end date must be in 2100 or earlier",
        'value="9999-12-31"',
    ),
    (
        "owner",
        "/calls/log.csv?from=2026-01-01&to=9999-12-31",
        "to",
        "The end date must be in 2100 or earlier",
        'value="9999-12-31"',
    ),
    (
        "manager",
        f"/audit?{AUDIT_TO_9999}",
        "to-day",
        "End date must be in 2100 or earlier",
        'value="9999"',
    ),
    (
        "manager",
        f"/audit.csv?{AUDIT_TO_9999}",
        "to-day",
        "End date must be in 2100 or earlier",
        'value="9999"',
    ),
    (
        "manager",
        "/lines/{team}/settings?checking=1&check-day=31&check-month=12&check-year=9999",
        "check-day",
        "The day to check must be in 2100 or earlier",
        'value="9999"',
    ),
    (
        "director",
        f"/incidents/abusive-calls.csv?{INCIDENT_PERIOD}",
        "to-day",
        "End date must be in 2100 or earlier",
        'value="9999"',
    ),
]


@pytest.mark.parametrize(
    ("role", "address", "field_id", "message", "kept"),
    YEAR_9999_FILTERS,
    ids=[row[1].split("?")[0] for row in YEAR_9999_FILTERS],
)
def test_filter_year_after_2100_rejected(
    world, build, login_as, role, address, field_id, message, kept
):
    if role == "director":
        user = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    else:
        user = getattr(world, role)
    client = login_as(user)

    response = client.get(address.format(team=world.team.id))
    body = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "There is a problem" in text_of(response)
    assert message in text_of(response)
    assert f'href="#{field_id}"' in body
    assert kept in body


def test_oversight_year_after_2100_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.get("/oversight?from=9999-12-25&to=9999-12-31")

    assert response.status_code == 422
    assert "The start date must be in 2100 or earlier" in text_of(response)


def test_rota_day_after_2100_shows_today(world, login_as):
    client = login_as(world.owner)

    response = client.get(f"/lines/{world.team.id}/rota?day=9999-12-31")

    assert response.status_code == 200
    assert "9999" not in text_of(response)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2101", "Date must be in 2100 or earlier"),
        ("1899", "Date must be in 1900 or later"),
        ("0001", "Date must be in 1900 or later"),
    ],
)
def test_typed_date_year_out_of_range(year, message):
    iso, error = validate_date("Date", "1", "1", year, date(2026, 12, 7), False)

    assert iso is None
    assert error == message


def test_typed_date_years_at_bounds_accepted():
    today = date(2026, 12, 7)

    assert validate_date("Date", "1", "1", "1900", today, False) == ("1900-01-01", None)
    assert validate_date("Date", "31", "12", "2100", today, False) == (
        "2100-12-31",
        None,
    )
