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


def test_identity_needs_one_private_check_to_match():
    essential = ("full_name",)
    private = ("last_contact_on", "extra")
    base = {"full_name": "match"}

    assert rules.identity_from({**base, "extra": "match"}, essential, private) == (
        "verified"
    )
    assert rules.identity_from(
        {**base, "last_contact_on": "match"}, essential, private
    ) == ("verified")
    assert (
        rules.identity_from({**base, "last_contact": "not_known"}, essential, private)
        == "doubt"
    )
    assert (
        rules.identity_from(
            {**base, "last_contact_on": "not_recorded"}, essential, private
        )
        == "doubt"
    )


def _offender_case(last_contact_on=None, last_contact_nature=None):
    return SimpleNamespace(
        full_name="Adam Nowak",
        aliases=[],
        nationality="Polish",
        date_of_birth=date(1980, 1, 1),
        custody_status="prison",
        establishment="HMP Northmoor",
        last_contact_on=last_contact_on,
        last_contact_nature=last_contact_nature,
    )


OFFENDER_SAID = {
    "full_name": "Adam Nowak",
    "nationality": "Polish",
    "date_of_birth": "1980-01-01",
    "whereabouts": "held",
    "place": "Northmoor",
}


def test_offender_contact_not_known_check():
    case = _offender_case(date(2026, 10, 5), "Interview")
    said = {**OFFENDER_SAID, "last_contact_known": "not_known"}

    checks = rules.check_offender(case, said)

    assert checks["last_contact"] == "not_known"
    assert "last_contact_on" not in checks
    assert rules.offender_reasons(checks) == ["contact_not_known", "no_private_check"]


def test_offender_contact_not_on_record_check():
    checks = rules.check_offender(_offender_case(), OFFENDER_SAID)

    assert checks["last_contact"] == "not_asked"
    assert rules.offender_reasons(checks) == [
        "contact_not_on_record",
        "no_private_check",
    ]


def test_offender_contact_known_is_compared():
    case = _offender_case(date(2026, 10, 5), "Interview at HMP Northmoor")
    said = {
        **OFFENDER_SAID,
        "last_contact_known": "known",
        "last_contact_on": "2026-10-05",
        "last_contact_nature": "an interview",
    }

    checks = rules.check_offender(case, said)

    assert checks["last_contact_on"] == "match"
    assert checks["last_contact_nature"] == "match"
    assert "last_contact" not in checks
    assert rules.offender_reasons(checks) == []


@pytest.mark.parametrize(
    ("last_contact_on", "last_contact_nature", "fact"),
    [
        (date(2026, 10, 5), None, "yes"),
        (None, "Interview", "yes"),
        (None, "", "no"),
        (None, None, "no"),
    ],
)
def test_record_facts_say_whether_contact_recorded(
    last_contact_on, last_contact_nature, fact
):
    case = _offender_case(last_contact_on, last_contact_nature)

    assert rules.record_facts(case) == {"contact_on_record": fact}


def test_record_facts_without_case_are_empty():
    assert rules.record_facts(None) == {}


@pytest.mark.parametrize(
    "given, recorded, expected",
    [
        ("his mum", "Mother", True),
        ("Mum", "mother", True),
        ("dad", "Father", True),
        ("brother", "Mother", False),
        ("", "Mother", False),
    ],
)
def test_relationship_everyday_words(given, recorded, expected):
    assert rules.same_relationship(given, recorded) is expected


@pytest.mark.parametrize(
    "given, expected",
    [
        ("request", False),
        ("a letter asking for information", False),
        ("children", True),
        ("the request about the children", True),
        ("bail", False),
    ],
)
def test_letter_subject_needs_telling_word(given, expected):
    recorded = "Request for information about children"

    checks = rules.check_third_party(
        SimpleNamespace(
            relationship_to_offender="Mother",
            postcode="M5 4WT",
            letter_sent_on=date(2026, 11, 2),
            letter_subject=recorded,
        ),
        {"letter_subject": given},
    )

    assert (checks["letter_subject"] == rules.MATCH) is expected
