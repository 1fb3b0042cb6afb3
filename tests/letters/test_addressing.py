import pytest

from duty.cases.models import find_establishment
from duty.extensions import db
from duty.letters.addressing import AddressError, address_letter, postal_lines
from tests.letters.helpers import case_in, register_establishment


def test_postal_lines_end_with_postcode():
    assert postal_lines("14 Station Road\n\n Salford \n", "M5 4WT") == (
        "14 Station Road",
        "Salford",
        "M5 4WT",
    )


def test_postal_lines_keep_postcode_once():
    assert postal_lines("14 Station Road\nSalford M5 4WT", "m5 4wt") == (
        "14 Station Road",
        "Salford M5 4WT",
    )


def test_offender_in_prison_addressed_there(world, build):
    case = case_in(build, world.team, "prison")

    addressee = address_letter(case, "offender", "ICD.4489")

    assert addressee.name == case.full_name
    assert addressee.lines == ("HMP Northmoor", "Moor Lane", "Bolton", "BL1 9XX")
    assert addressee.salutation == f"Dear {case.full_name}"


def test_held_offender_found_by_folded_establishment_name(world, build):
    register_establishment("HMP Northmoor")
    case = case_in(build, world.team, "prison", establishment="hmp  northmoor")

    addressee = address_letter(case, "offender", "ICD.4489")

    assert addressee.lines[0] == "HMP Northmoor"


def test_held_offender_outside_register_refused(world, build):
    case = case_in(build, world.team, "prison", establishment="HMP Nowhere")

    with pytest.raises(AddressError, match="HMP Nowhere is not in the establishments"):
        address_letter(case, "offender", "ICD.4489")


def test_fax_cover_without_fax_number_refused(world, build):
    case = case_in(build, world.team, "immigration_prison")
    find_establishment("HMP Eastwick").fax = None
    db.session.commit()

    with pytest.raises(AddressError, match="no fax number for HMP Eastwick"):
        address_letter(case, "offender", "ICD.4491")


def test_released_offender_addressed_at_home(world, build):
    case = case_in(build, world.team, "community")

    addressee = address_letter(case, "offender", "ICD.4492")

    assert addressee.lines == ("14 Station Road", "Salford", "M5 4WT")


def test_released_offender_without_address_refused(world, build):
    case = case_in(build, world.team, "community", address=None, postcode=None)

    with pytest.raises(AddressError, match="no postal address for this released"):
        address_letter(case, "offender", "ICD.4492")


def test_released_offender_with_blank_address_refused(world, build):
    case = case_in(build, world.team, "community", address=" \n ", postcode="")

    with pytest.raises(AddressError, match="no postal address"):
        address_letter(case, "offender", "ICD.4492")


def test_held_offender_without_establishment_refused(world, build):
    case = case_in(build, world.team, "removal_centre", establishment=None)

    with pytest.raises(AddressError, match="no prison or removal centre"):
        address_letter(case, "offender", "ICD.4599")


def test_fax_cover_goes_to_establishment(world, build):
    case = case_in(build, world.team, "immigration_prison")

    addressee = address_letter(case, "offender", "ICD.4491")

    assert addressee.name == "HMP Eastwick"
    assert addressee.fax_number == "0113 496 0102"
    assert addressee.salutation == ""


def test_fax_cover_for_released_person_refused(world, build):
    case = case_in(build, world.team, "community")

    with pytest.raises(AddressError, match="nowhere to fax"):
        address_letter(case, "offender", "ICD.4491")


def test_representative_addressed_at_office(world, build):
    case = case_in(build, world.team, "prison")
    rep = case.representatives[0]

    addressee = address_letter(case, "representative", "ICD.4488", rep)

    assert addressee.name == "Ruth Greene"
    assert addressee.lines == (
        "Harrow & Co Solicitors",
        "3 Quay Street",
        "Manchester",
        "M3 3JE",
    )
    assert addressee.salutation == "Dear Ruth Greene"
    assert addressee.fax_number is None


def test_representative_without_contact_name(world, build):
    case = case_in(build, world.team, "prison")
    rep = case.representatives[0]
    rep.contact_name = ""
    db.session.commit()

    addressee = address_letter(case, "representative", "ICD.4488", rep)

    assert addressee.name == "Harrow & Co Solicitors"
    assert addressee.salutation == "Dear Sir or Madam"


def test_representative_without_address_refused(world, build):
    case = case_in(build, world.team, "prison")
    rep = case.representatives[0]
    rep.address = None
    rep.postcode = None
    db.session.commit()

    with pytest.raises(AddressError, match="Harrow & Co Solicitors has no postal"):
        address_letter(case, "representative", "ICD.4488", rep)


def test_representative_fax_uses_number_on_record(world, build):
    case = case_in(build, world.team, "prison")
    rep = case.representatives[0]

    addressee = address_letter(case, "representative", "ICD.4488", rep, "fax")

    assert addressee.fax_number == "0161 496 1043"


def test_representative_fax_without_number_refused(world, build):
    case = case_in(build, world.team, "prison")
    rep = case.representatives[0]
    rep.fax_on_record = None
    db.session.commit()

    with pytest.raises(AddressError, match="no fax number on record"):
        address_letter(case, "representative", "ICD.4488", rep, "fax")


def test_missing_representative_refused(world, build):
    case = case_in(build, world.team, "prison")

    with pytest.raises(AddressError, match="Select the legal representative"):
        address_letter(case, "representative", "ICD.4488", None)
