from datetime import date

import pytest
from sqlalchemy import select

from duty.cases.models import ThirdParty, WrittenAuthority
from duty.extensions import db
from duty.followups.models import FollowUp
from tests.calls.handling import (
    answer,
    audits,
    current_step,
    freeze,
    load,
    reach_handler,
    step_html,
)
from tests.conftest import text_of

ASKED_FOR = "Names and dates of birth of the children and who cares for them"


def _party(case, **fields) -> ThirdParty:
    fields.setdefault("full_name", "Maria O'Brien")
    fields.setdefault("relationship_to_offender", "Sister")
    fields.setdefault("postcode", "M14 5RT")
    party = ThirdParty(case_id=case.id, **fields)
    db.session.add(party)
    db.session.commit()
    return party


def _authority(case, party, **fields) -> WrittenAuthority:
    fields.setdefault("signed_on", date(2026, 6, 1))
    authority = WrittenAuthority(case_id=case.id, third_party_id=party.id, **fields)
    db.session.add(authority)
    db.session.commit()
    return authority


@pytest.fixture
def tp_call(app, world, login_as):
    freeze(app)
    client = login_as(world.owner)
    return client, reach_handler(client, world.team, caller_type="third_party")


def _identify(client, public_id, name="maria o’brien"):
    return answer(client, public_id, {"party_name": name})


def _check(client, public_id, **extra):
    data = {"relationship": "sister", "postcode": "m145rt", **extra}
    return answer(client, public_id, data)


def test_valid_authority_and_match_discloses(tp_call, world):
    client, public_id = tp_call
    _authority(world.case, _party(world.case))

    body = text_of(_identify(client, public_id))
    assert "written authority for this caller is on record" in body
    _check(client, public_id)
    response = answer(client, public_id, {"handler_doubt": "no"})

    assert current_step(client, public_id) == "discuss"
    assert "HMP Northmoor" in text_of(response)
    assert audits("disclosure")[-1].detail.startswith("caller type third_party")


def test_expired_authority_discloses_nothing(tp_call, world):
    client, public_id = tp_call
    _authority(world.case, _party(world.case), expires_on=date(2026, 11, 30))

    body = text_of(_identify(client, public_id))
    assert "The written authority on record has expired." in body
    _check(client, public_id)
    response = answer(client, public_id, {"handler_doubt": "no"})

    assert current_step(client, public_id) == "doubt"
    assert "HMP Northmoor" not in text_of(response)
    assert client.get(f"/calls/{public_id}/case-details").status_code == 403


def test_authority_of_another_case_discloses_nothing(tp_call, world):
    client, public_id = tp_call
    _party(world.case)
    elsewhere = _party(world.other_case)
    _authority(world.other_case, elsewhere)

    body = text_of(_identify(client, public_id))
    assert "The only written authority for this caller is for another case." in body
    _check(client, public_id)
    answer(client, public_id, {"handler_doubt": "no"})

    assert load(public_id).answers()["entitled"] == "none"
    assert current_step(client, public_id) == "doubt"


def test_letter_questions_come_from_the_letter(tp_call, world):
    client, public_id = tp_call
    _party(
        world.case,
        letter_sent_on=date(2026, 11, 2),
        letter_subject="Request for information about children",
        letter_asked_for=ASKED_FOR,
    )

    page = step_html(_identify(client, public_id))
    assert "Date of the letter we sent them" in page
    assert "What our letter was about" in page
    assert ASKED_FOR not in page

    body = text_of(
        _check(
            client,
            public_id,
            **{
                "letter_sent_on-day": "2",
                "letter_sent_on-month": "11",
                "letter_sent_on-year": "2026",
                "letter_subject": "information about the children",
            },
        )
    )
    assert "Date of our letter Matches the record" in body
    assert "What our letter was about Matches the record" in body


def _letter_call(client, public_id, world):
    _party(
        world.case,
        letter_sent_on=date(2026, 11, 2),
        letter_subject="Request for information about children",
        letter_asked_for=ASKED_FOR,
    )
    _identify(client, public_id)
    _check(
        client,
        public_id,
        **{
            "letter_sent_on-day": "2",
            "letter_sent_on-month": "11",
            "letter_sent_on-year": "2026",
            "letter_subject": "children",
        },
    )
    return answer(client, public_id, {"handler_doubt": "no"})


def test_letter_without_authority_shows_only_letter(tp_call, world):
    client, public_id = tp_call

    response = _letter_call(client, public_id, world)
    body = text_of(response)

    assert current_step(client, public_id) == "discuss_letter"
    assert ASKED_FOR in body
    assert "HMP Northmoor" not in body
    assert client.get(f"/calls/{public_id}/case-details").status_code == 403
    assert client.get(f"/calls/{public_id}/case-notes").status_code == 403
    letter = client.get(f"/calls/{public_id}/letter")
    assert letter.status_code == 200
    assert ASKED_FOR in text_of(letter)


def test_wrong_letter_date_is_doubt(tp_call, world):
    client, public_id = tp_call
    _party(world.case, letter_sent_on=date(2026, 11, 2), letter_subject="Children")
    _identify(client, public_id)

    _check(
        client,
        public_id,
        **{
            "letter_sent_on-day": "3",
            "letter_sent_on-month": "11",
            "letter_sent_on-year": "2026",
            "letter_subject": "children",
        },
    )
    answer(client, public_id, {})

    assert current_step(client, public_id) == "doubt"


def test_request_beyond_letter_flags_senior(tp_call, world):
    client, public_id = tp_call
    _letter_call(client, public_id, world)
    answer(
        client,
        public_id,
        {"discussion": "Asked about release", "call_outcome": "flagged"},
    )

    response = client.get(f"/calls/{public_id}")
    assert current_step(client, public_id) == "doubt"
    assert "Marcus Reid (Team leader) will be asked for advice." in text_of(response)

    answer(
        client,
        public_id,
        {"flag_reason": "Asked about release date", "address_given": "yes"},
    )

    flag = db.session.scalar(select(FollowUp).where(FollowUp.kind == "consult"))
    assert flag.owner_id == world.leader.id
    assert flag.detail == "Asked about release date"
    assert load(public_id).flow == "wrap_up"


def test_unknown_caller_is_asked_to_write(tp_call, world):
    client, public_id = tp_call

    response = _identify(client, public_id, name="Nobody Known")

    assert current_step(client, public_id) == "doubt"
    assert "HMP Northmoor" not in text_of(response)
    assert "PO Box 1" in text_of(response)


def test_authority_not_yet_signed_is_none(tp_call, world):
    client, public_id = tp_call
    _authority(world.case, _party(world.case), signed_on=date(2026, 12, 20))

    body = text_of(_identify(client, public_id))

    assert "There is no written authority from the offender for this caller." in body
