"""The establishments register: caseworkers read it, managers keep it."""

from duty.audit import AuditEvent
from duty.cases.models import Establishment, find_establishment
from duty.extensions import db
from tests.conftest import text_of

FORM = {
    "name": "HMP Westwick",
    "kind": "prison",
    "address": "Westwick Road\r\n\r\n  Wakefield  ",
    "postcode": "wf1 9xx",
    "fax": "0113 496 0199",
}


def test_register_listed_for_case_owner(world, login_as):
    client = login_as(world.owner)

    response = client.get("/establishments")

    assert response.status_code == 200
    assert "HMP Northmoor" in text_of(response)
    assert "Add an establishment" not in text_of(response)


def test_register_refused_to_admin_officer(world, login_as):
    client = login_as(world.admin)

    assert client.get("/establishments").status_code == 403


def test_manager_adds_establishment(world, login_as):
    client = login_as(world.manager)

    response = client.post("/establishments", data=FORM)

    place = find_establishment("HMP Westwick")
    assert response.status_code == 303
    assert place.address == "Westwick Road\nWakefield"
    assert place.postcode == "WF1 9XX"
    assert place.fax == "0113 496 0199"
    assert (
        db.session.query(AuditEvent).filter_by(action="establishment.add").count() == 1
    )


def test_case_owner_cannot_add_establishment(world, login_as):
    client = login_as(world.owner)

    response = client.post("/establishments", data=FORM)

    assert response.status_code == 403
    assert find_establishment("HMP Westwick") is None


def test_duplicate_name_rejected_keeping_values(world, login_as):
    client = login_as(world.manager)

    response = client.post("/establishments", data={**FORM, "name": "hmp northmoor"})

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "HMP Northmoor is already in the register" in text_of(response)
    assert 'href="#name"' in body
    assert 'value="0113 496 0199"' in body
    assert db.session.query(Establishment).count() == 1


def test_invalid_postcode_and_fax_named(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        "/establishments", data={**FORM, "postcode": "12345", "fax": "fax me"}
    )

    body = text_of(response)
    assert response.status_code == 422
    assert "Enter a real UK postcode, like BL1 9XX" in body
    assert "Enter the fax number as a UK telephone number" in body
    assert "Westwick Road" in response.get_data(as_text=True)


def test_missing_fields_named(world, login_as):
    client = login_as(world.manager)

    response = client.post("/establishments", data={})

    body = text_of(response)
    assert response.status_code == 422
    assert "Enter the establishment's name" in body
    assert "Select what kind of establishment it is" in body
    assert "Enter the postal address" in body
    assert "Enter the postcode" in body


def test_manager_corrects_fax_number(world, login_as):
    client = login_as(world.manager)
    place = find_establishment("HMP Northmoor")
    form = client.get(f"/establishments/{place.id}/edit")

    response = client.post(
        f"/establishments/{place.id}",
        data={
            "name": "HMP Northmoor",
            "kind": "prison",
            "address": "Moor Lane\nBolton",
            "postcode": "BL1 9XX",
            "fax": "0113 496 0111",
        },
    )

    db.session.expire_all()
    assert 'value="0113 496 0101"' in form.get_data(as_text=True)
    assert response.status_code == 303
    assert find_establishment("HMP Northmoor").fax == "0113 496 0111"
    assert (
        db.session.query(AuditEvent).filter_by(action="establishment.change").count()
        == 1
    )


def test_unknown_establishment_not_found(world, login_as):
    client = login_as(world.manager)

    assert client.get("/establishments/999/edit").status_code == 404


def test_errors_listed_in_field_order(world, login_as):
    client = login_as(world.manager)

    response = client.post(
        "/establishments", data={**FORM, "postcode": "12345", "fax": "fax me"}
    )

    body = response.get_data(as_text=True)
    assert body.index('href="#postcode"') < body.index('href="#fax"')
