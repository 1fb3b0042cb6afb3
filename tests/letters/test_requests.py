from duty.extensions import db
from duty.letters.requests import (
    read_form_key,
    read_recipient,
    read_start,
    recipient_options,
)
from tests.letters.helpers import case_in


def test_recipient_options_list_current_representatives(world, build):
    case = case_in(build, world.team, "prison")
    rep = case.representatives[0]

    options = recipient_options(case)

    assert options == [
        ("offender", f"{case.full_name} (the offender)"),
        (
            f"representative:{rep.id}",
            "Ruth Greene, Harrow & Co Solicitors (representative)",
        ),
    ]


def test_former_representative_not_offered(world, build):
    case = case_in(build, world.team, "prison")
    rep = case.representatives[0]
    rep.current = False
    db.session.commit()

    recipient, representative, message = read_recipient(
        case, f"representative:{rep.id}"
    )

    assert [value for value, _ in recipient_options(case)] == ["offender"]
    assert recipient == ""
    assert representative is None
    assert message == "Select who the letter is to"


def test_representative_of_other_case_rejected(world, build):
    case = case_in(build, world.team, "prison")
    other = case_in(build, world.team, "prison")

    _, representative, message = read_recipient(
        case, f"representative:{other.representatives[0].id}"
    )

    assert representative is None
    assert message == "Select who the letter is to"


def test_read_start_accepts_both_answers(world):
    values, errors = read_start(
        world.case, {"recipient": "offender", "purpose": "induction"}
    )

    assert errors == []
    assert values["recipient_kind"] == "offender"
    assert values["purpose"] == "induction"


def test_reply_is_not_a_letter_purpose(world):
    _, errors = read_start(world.case, {"recipient": "offender", "purpose": "reply"})

    assert errors == [
        {"text": "Select why you are sending the letter", "href": "#purpose"}
    ]


def test_form_key_length_checked():
    assert read_form_key({"form_key": "abc"}) == "abc"
    assert read_form_key({"form_key": ""}) is None
    assert read_form_key({}) is None
    assert read_form_key({"form_key": "x" * 65}) is None
