import pytest

from duty.letters.chooser import (
    NO_CUSTODY_STATUS,
    TEMPLATES,
    check_template,
    propose,
)

ALLOCATION = [
    # custody status, recipient, proposed template
    ("prison", "offender", "ICD.4489"),
    ("prison", "representative", "ICD.4488"),
    ("immigration_prison", "offender", "ICD.4599"),
    ("immigration_prison", "representative", "ICD.4488"),
    ("removal_centre", "offender", "ICD.4599"),
    ("removal_centre", "representative", "ICD.4488"),
    ("community", "offender", "ICD.4492"),
    ("community", "representative", "ICD.4492"),
]


@pytest.mark.parametrize(("status", "recipient", "expected"), ALLOCATION)
def test_allocation_proposal(status, recipient, expected):
    proposal = propose(status, recipient, "allocation")

    assert proposal.template == expected
    assert proposal.reasons


@pytest.mark.parametrize(("status", "recipient", "expected"), ALLOCATION)
def test_transfer_proposes_allocation_letter(status, recipient, expected):
    proposal = propose(status, recipient, "transfer")

    assert proposal.template == expected
    assert "different duty number" in proposal.reasons[-1]


@pytest.mark.parametrize(
    ("status", "recipient", "expected"),
    [
        ("prison", "offender", "ICD.4490"),
        ("immigration_prison", "offender", "ICD.4490"),
        ("removal_centre", "offender", "ICD.4599"),
        ("community", "offender", "ICD.4492"),
        ("prison", "representative", "ICD.4488"),
    ],
)
def test_induction_proposal(status, recipient, expected):
    assert propose(status, recipient, "induction").template == expected


def test_induction_outside_prison_explains_allocation_letter():
    proposal = propose("removal_centre", "offender", "induction")

    assert proposal.reasons[0].startswith("Induction interviews take place in prison")


@pytest.mark.parametrize("status", ["prison", "immigration_prison"])
def test_offender_in_prison_gets_fax_cover_too(status):
    proposal = propose(status, "offender", "allocation")

    assert list(proposal.companions) == ["ICD.4491"]


@pytest.mark.parametrize(
    ("status", "recipient"),
    [
        ("removal_centre", "offender"),
        ("community", "offender"),
        ("prison", "representative"),
    ],
)
def test_no_fax_cover_outside_prison_letters(status, recipient):
    assert propose(status, recipient, "allocation").companions == {}


def test_representative_of_detained_person_explained():
    proposal = propose("removal_centre", "representative", "allocation")

    assert any("immigration powers" in reason for reason in proposal.reasons)


@pytest.mark.parametrize(
    ("status", "recipient", "method", "expected"),
    [
        ("prison", "offender", "fax", "ICD.4491"),
        ("removal_centre", "offender", "fax", "ICD.4491"),
        ("prison", "offender", "post", "ICD.4489"),
        ("removal_centre", "offender", "write_in", "ICD.4599"),
        ("community", "offender", "post", "ICD.4492"),
        ("community", "offender", "fax", "ICD.4492"),
        ("prison", "representative", "fax", "ICD.4488"),
        ("community", "representative", "post", "ICD.4492"),
    ],
)
def test_reply_layout_proposal(status, recipient, method, expected):
    proposal = propose(status, recipient, "reply", method)

    assert proposal.template == expected
    assert proposal.companions == {}


@pytest.mark.parametrize("status", [None, "", "unknown"])
def test_no_custody_status_proposes_nothing(status):
    proposal = propose(status, "offender", "allocation")

    assert proposal.template is None
    assert proposal.reasons == [NO_CUSTODY_STATUS]


def test_check_accepts_every_proposal():
    for status, recipient, expected in ALLOCATION:
        assert check_template(expected, recipient, status) == ""


@pytest.mark.parametrize(
    ("code", "recipient", "status", "message_start"),
    [
        ("", "offender", "prison", "Select the letter to send"),
        ("ICD.9999", "offender", "prison", "Select the letter to send"),
        ("ICD.4488", "offender", "prison", "ICD.4488 is not written to the offender"),
        (
            "ICD.4489",
            "representative",
            "prison",
            "ICD.4489 is not written to a representative",
        ),
        (
            "ICD.4490",
            "offender",
            "removal_centre",
            "ICD.4490 is for a person who is in",
        ),
        ("ICD.4491", "offender", "community", "ICD.4491 is for a person who is held"),
        ("ICD.4492", "offender", "prison", "ICD.4492 is for a person who is released"),
        ("ICD.4492", "offender", None, "The case has no custody status recorded"),
    ],
)
def test_check_rejects_mismatch(code, recipient, status, message_start):
    assert check_template(code, recipient, status).startswith(message_start)


def test_every_template_has_a_document():
    codes = {"ICD.4488", "ICD.4489", "ICD.4490", "ICD.4491", "ICD.4492", "ICD.4599"}

    assert set(TEMPLATES) == codes
    assert TEMPLATES["ICD.4599"].document == "letters/documents/icd4599.html"
