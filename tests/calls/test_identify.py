"""Finding the case by name, date of birth and nationality."""

from datetime import date

import pytest

from duty.calls.models import Call
from duty.extensions import db
from tests.calls.helpers import answer, current_step, start, to_reference
from tests.conftest import text_of


def _identify(
    client, team, name, day="1", month="1", year="1980", nationality="Polish"
):
    public_id = start(client, team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "no"})
    response = answer(
        client,
        public_id,
        {
            "full_name": name,
            "date_of_birth-day": day,
            "date_of_birth-month": month,
            "date_of_birth-year": year,
            "nationality": nationality,
        },
    )
    return public_id, response


@pytest.mark.parametrize(
    ("record_surname", "typed"),
    [
        ("O’Brien", "Seán O'Brien"),
        ("O’Brien", "sean obrien"),
        ("Smith-Jones", "Seán smith jones"),
    ],
)
def test_name_matches_despite_apostrophes_hyphens_and_accents(
    world, build, login_as, record_surname, typed
):
    case = build.case(
        world.team,
        world.owner,
        given_names="Seán",
        surname=record_surname,
        date_of_birth=date(1975, 5, 5),
        nationality="Irish",
    )
    client = login_as(world.admin)

    public_id, _ = _identify(client, world.team, typed, "5", "5", "1975", "irish")

    db.session.expire_all()
    assert (
        db.session.query(Call).filter_by(public_id=public_id).one().case_id == case.id
    )
    assert current_step(client, public_id) == "team_check"


def test_same_name_and_birthday_is_narrowed_without_listing_people(
    world, build, login_as
):
    first = build.case(
        world.team,
        world.owner,
        given_names="Jan",
        surname="Kowalski",
        establishment="HMP Northmoor",
        date_of_birth=date(1984, 6, 12),
    )
    build.case(
        world.team,
        world.owner,
        given_names="Jan",
        surname="Kowalski",
        establishment="HMP Eastwick",
        date_of_birth=date(1984, 6, 12),
    )
    client = login_as(world.admin)

    public_id, _ = _identify(client, world.team, "Jan Kowalski", "12", "6", "1984")
    page = client.get(f"/calls/{public_id}").get_data(as_text=True)
    answer(client, public_id, {"place_or_postcode": "northmoor"})

    assert current_step(client, public_id) == "team_check"
    assert "HMP Eastwick" not in page
    assert first.reference not in page
    db.session.expire_all()
    assert (
        db.session.query(Call).filter_by(public_id=public_id).one().case_id == first.id
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("01", " ", "1980", "Date of birth must include a month"),
        ("31", "02", "1990", "Date of birth must be a real date"),
        ("1", "1", "2999", "Date of birth must be in the past"),
        ("", "", "", "Enter date of birth"),
        ("1", "1", "80", "Year must include 4 numbers"),
    ],
)
def test_bad_date_of_birth_names_the_problem_and_keeps_answers(
    world, login_as, day, month, year, message
):
    client = login_as(world.admin)

    public_id, response = _identify(client, world.team, "Kept Name", day, month, year)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "govuk-error-summary" in body
    assert message in text_of(response)
    assert 'value="Kept Name"' in body
    assert 'value="Polish"' in body
    assert current_step(client, public_id) == "identify"
