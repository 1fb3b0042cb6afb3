import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from duty.cases.models import Representative
from duty.extensions import db
from duty.followups.models import FollowUp
from tests.calls.handling import (
    FROZEN_NOW,
    answer,
    current_step,
    freeze,
    load,
    reach_handler,
    step_html,
)
from tests.conftest import text_of

PHONE_ON_RECORD = "0161 496 0999"
CALLER_GIVEN = "07700 900123"


@pytest.fixture
def reps(world):
    db.session.add_all(
        [
            Representative(
                case_id=world.case.id,
                organisation="Garden Court Law",
                their_reference="GCL/2024/118",
                phone_on_record=PHONE_ON_RECORD,
            ),
            Representative(
                case_id=world.case.id,
                organisation="Old Firm LLP",
                their_reference="OF-1",
                phone_on_record="0161 496 0888",
                current=False,
            ),
            Representative(
                case_id=world.other_case.id,
                organisation="Other Solicitors",
                their_reference="OS/777",
                phone_on_record="0121 496 0777",
            ),
        ]
    )
    db.session.commit()


@pytest.fixture
def rep_call(app, world, reps, login_as):
    freeze(app)
    client = login_as(world.owner)
    return client, reach_handler(client, world.team, caller_type="representative")


def test_representative_call_enters_its_flow(rep_call):
    client, public_id = rep_call

    body = step_html(client.get(f"/calls/{public_id}"))

    assert load(public_id).flow == "representative"
    assert "Garden Court" not in body
    assert "GCL" not in body
    assert PHONE_ON_RECORD not in body


def test_current_representative_is_verified(rep_call):
    client, public_id = rep_call

    body = text_of(
        answer(
            client,
            public_id,
            {"organisation": "garden court law", "rep_reference": "gcl 2024 118"},
        )
    )

    assert "Firm or organisation Matches the record" in body
    assert "Their reference number Matches the record" in body
    answer(client, public_id, {"handler_doubt": "no"})
    assert current_step(client, public_id) == "discuss"
    assert "HMP Northmoor" in text_of(client.get(f"/calls/{public_id}"))


def test_representative_not_on_record_gets_call_back(rep_call):
    client, public_id = rep_call

    body = text_of(
        answer(
            client, public_id, {"organisation": "Old Firm LLP", "rep_reference": "OF-1"}
        )
    )
    assert "This firm is not the current representative on the case." in body
    assert "Firm or organisation Does not match the record" in body

    response = answer(client, public_id, {})
    step = step_html(response)
    assert current_step(client, public_id) == "call_back"
    assert PHONE_ON_RECORD in step
    assert CALLER_GIVEN not in step
    assert "0161 496 0888" not in step
    assert "HMP Northmoor" not in step
    assert "Never call back on a number the caller gives you" in text_of(response)


def test_reference_of_another_case_is_mismatch(rep_call):
    client, public_id = rep_call

    body = text_of(
        answer(
            client,
            public_id,
            {"organisation": "Garden Court Law", "rep_reference": "OS/777"},
        )
    )

    assert "Their reference number Does not match the record" in body
    assert "belongs to a representative on another case" in body
    assert load(public_id).answers()["identity"] == "doubt"


def test_call_back_promise_has_due_time(rep_call, world):
    client, public_id = rep_call
    answer(client, public_id, {"organisation": "Nobody", "rep_reference": "X1"})
    answer(client, public_id, {})

    answer(client, public_id, {"due_in": "1"})

    promise = db.session.scalar(select(FollowUp).where(FollowUp.kind == "call_back"))
    # Wednesday 2 December 2026: the next working day closes at 17:00 GMT.
    assert promise.due_at == FROZEN_NOW.replace(day=3, hour=17)
    assert promise.owner_id == world.owner.id
    assert load(public_id).flow == "wrap_up"
    assert "Call the caller back, by 3 December 2026, 17:00" in text_of(
        client.get(f"/calls/{public_id}")
    )


def test_no_representative_on_record_asks_in_writing(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, caller_type="representative")

    answer(client, public_id, {"organisation": "Any Firm", "rep_reference": "A1"})
    answer(client, public_id, {})

    assert current_step(client, public_id) == "no_representative"


def _verify(client, public_id):
    answer(
        client,
        public_id,
        {"organisation": "Garden Court Law", "rep_reference": "GCL/2024/118"},
    )
    return answer(client, public_id, {"handler_doubt": "no"})


@pytest.mark.parametrize(
    ("offset", "step"),
    [
        (timedelta(hours=72), "removal"),
        (timedelta(hours=1), "removal"),
        (timedelta(hours=72, minutes=1), "discuss"),
        (timedelta(minutes=-1), "discuss"),
    ],
)
def test_removal_directions_window(app, world, reps, login_as, offset, step):
    freeze(app)
    world.case.removal_directions_at = FROZEN_NOW + offset
    db.session.commit()
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, caller_type="representative")

    _verify(client, public_id)

    assert current_step(client, public_id) == step


def test_removal_directions_promise_and_no_unit_numbers(app, world, reps, login_as):
    freeze(app)
    world.case.removal_directions_at = FROZEN_NOW + timedelta(hours=30)
    db.session.commit()
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, caller_type="representative")

    response = _verify(client, public_id)
    step = step_html(response)

    assert "I will look into this and call you back." in text_of(response)
    numbers = set(re.findall(r"\b0\d{2,4} \d{3,4} \d{3,4}\b", step))
    assert numbers <= {"020 8760 8513", "020 7035 3535", world.team.duty_number}

    late = answer(
        client, public_id, {"promise_detail": "When is removal?", "due_in": "5"}
    )
    assert late.status_code == 422
    answer(client, public_id, {"promise_detail": "When is removal?", "due_in": "today"})
    promise = db.session.scalar(select(FollowUp).where(FollowUp.kind == "investigate"))
    assert promise.due_at == FROZEN_NOW.replace(hour=17)


def test_removal_promise_after_removal_is_refused(app, world, reps, login_as):
    freeze(app)
    world.case.removal_directions_at = FROZEN_NOW + timedelta(hours=20)
    db.session.commit()
    client = login_as(world.owner)
    public_id = reach_handler(client, world.team, caller_type="representative")
    _verify(client, public_id)

    response = answer(client, public_id, {"promise_detail": "Asked", "due_in": "1"})

    assert response.status_code == 422
    assert "Choose a due time before the removal directions take effect" in text_of(
        response
    )
    assert "Asked</textarea>" in response.get_data(as_text=True)
    assert db.session.scalar(select(FollowUp.id)) is None


def test_promise_due_date_in_past_is_refused(rep_call):
    client, public_id = rep_call
    _verify(client, public_id)
    answer(client, public_id, {"discussion": "Asked", "call_outcome": "promised"})

    response = answer(
        client,
        public_id,
        {
            "promise_kind": "fax",
            "promise_detail": "Fax the decision",
            "due_in": "date",
            "due_on-day": "1",
            "due_on-month": "12",
            "due_on-year": "2026",
        },
    )

    assert response.status_code == 422
    assert "Due date must be in the future" in text_of(response)
    assert "Fax the decision</textarea>" in response.get_data(as_text=True)


def test_promise_due_on_a_weekend_is_refused(rep_call):
    client, public_id = rep_call
    _verify(client, public_id)
    answer(client, public_id, {"discussion": "Asked", "call_outcome": "promised"})

    response = answer(
        client,
        public_id,
        {
            "promise_kind": "fax",
            "promise_detail": "Fax",
            "due_in": "date",
            "due_on-day": "5",
            "due_on-month": "12",
            "due_on-year": "2026",
        },
    )

    assert response.status_code == 422
    assert "Due date must be a working day" in text_of(response)


def test_complex_query_goes_in_writing(rep_call):
    client, public_id = rep_call
    _verify(client, public_id)

    answer(
        client,
        public_id,
        {"discussion": "Asked about bail", "call_outcome": "write_in"},
    )

    assert current_step(client, public_id) == "in_writing"
    assert "PO Box 1" in text_of(client.get(f"/calls/{public_id}"))


def test_due_options_show_exact_times(rep_call):
    client, public_id = rep_call
    answer(client, public_id, {"organisation": "Nobody", "rep_reference": "X1"})

    body = text_of(answer(client, public_id, {}))

    assert "Before the line closes today By Wednesday 2 December 2026, 17:00" in body
    assert (
        "By the end of the next working day By Thursday 3 December 2026, 17:00" in body
    )
    assert "Within 2 working days By Friday 4 December 2026, 17:00" in body
