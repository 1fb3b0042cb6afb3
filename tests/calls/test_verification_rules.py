from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from duty.calls import verification as rules

NOW = datetime(2026, 12, 2, 10, 0)


@pytest.mark.parametrize(
    ("said", "recorded"),
    [
        ("O'Brien", "O\u2019Brien"),
        ("smith jones", "Smith-Jones"),
        ("SEAN OBRIEN", "Se\u00e1n O\u2019Brien"),
        ("  polish ", "Polish"),
    ],
)
def test_text_matches_despite_typing_style(said, recorded):
    assert rules.same_text(said, recorded) is True


def test_text_mismatch_and_nothing_recorded():
    assert rules.same_text("Czech", "Polish") is False
    assert rules.same_text("Czech", None) is None


def test_postcode_without_space_matches():
    assert rules.same_postcode("m11aa", "M1 1AA") is True
    assert rules.same_postcode("M1 1AB", "M1 1AA") is False


def test_different_date_is_mismatch():
    assert rules.same_date("1980-01-01", date(1980, 1, 1)) is True
    assert rules.same_date("1980-01-02", date(1980, 1, 1)) is False
    assert rules.same_date(None, date(1980, 1, 1)) is False


@pytest.mark.parametrize(
    ("said", "matches"),
    [
        ("Northmoor", True),
        ("hmp northmoor", True),
        ("HMP Northmoor prison", True),
        ("North", False),
        ("", False),
    ],
)
def test_place_names(said, matches):
    assert rules.same_place(said, "HMP Northmoor") is matches


def test_contact_nature_words():
    assert rules.same_words("an interview", "Interview at HMP Northmoor") is True
    assert rules.same_words("a letter", "Interview at HMP Northmoor") is False
    assert rules.same_words("the", "Interview") is False


def test_first_line_of_address():
    assert rules.same_first_line("12 mill lane", "12 Mill Lane\nSalford") is True
    assert rules.same_first_line("12 Mill Lane", "14 Mill Lane, Salford") is False


@pytest.mark.parametrize(
    ("offset", "due"),
    [
        (timedelta(hours=72), True),
        (timedelta(hours=71, minutes=59), True),
        (timedelta(hours=72, seconds=1), False),
        (timedelta(0), False),
        (timedelta(hours=-1), False),
    ],
)
def test_removal_directions_window(offset, due):
    assert rules.removal_directions_due(NOW + offset, NOW) is due


def test_no_removal_directions_is_not_due():
    assert rules.removal_directions_due(None, NOW) is False


def test_identity_needs_essentials_and_no_mismatch():
    essential = ("full_name",)
    assert rules.identity_from(
        {"full_name": "match", "x": "not_recorded"}, essential
    ) == ("verified")
    assert (
        rules.identity_from({"full_name": "match", "x": "mismatch"}, essential)
        == "doubt"
    )
    assert rules.identity_from({"full_name": "not_recorded"}, essential) == "doubt"


def _rep(organisation, reference, current=True):
    return SimpleNamespace(
        organisation=organisation, their_reference=reference, current=current
    )


def test_representative_checks():
    case = SimpleNamespace(
        representatives=[
            _rep("Garden Court Law", "GCL/1"),
            _rep("Old LLP", "O1", False),
        ]
    )

    checks, reasons, rep = rules.check_representative(
        case, "garden court law", "gcl 1", False
    )
    assert checks == {"organisation": "match", "reference": "match"}
    assert rep is case.representatives[0]

    checks, reasons, rep = rules.check_representative(case, "Old LLP", "O1", False)
    assert checks["organisation"] == "mismatch"
    assert reasons == ["not_current"]
    assert rep is None

    checks, reasons, rep = rules.check_representative(
        case, "Garden Court Law", "X9", True
    )
    assert checks["reference"] == "mismatch"
    assert reasons == ["reference_other_case"]


def _authority(case_id, party_id, signed=date(2026, 1, 1), expires=None):
    return SimpleNamespace(
        case_id=case_id, third_party_id=party_id, signed_on=signed, expires_on=expires
    )


def test_authority_states():
    party = SimpleNamespace(id=5)
    today = date(2026, 12, 2)

    assert rules.authority_state(1, party, [_authority(1, 5)], today) == "valid"
    assert rules.authority_state(
        1, party, [_authority(1, 5, expires=today)], today
    ) == ("valid")
    expired = _authority(1, 5, expires=date(2026, 12, 1))
    assert rules.authority_state(1, party, [expired], today) == "expired"
    assert rules.authority_state(1, party, [_authority(2, 6)], today) == "other_case"
    assert rules.authority_state(1, None, [_authority(1, 5)], today) == "other_case"
    assert rules.authority_state(1, party, [], today) == "none"
    both = [expired, _authority(1, 5)]
    assert rules.authority_state(1, party, both, today) == "valid"
