"""The establishments register: where prisons and removal centres take post and faxes.

Caseworkers read it; managers add and correct entries. It is national, not
one team's, so any manager may change it, and every change is audited.
"""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from duty import audit
from duty.auth.models import CASEWORK_ROLES, Role
from duty.auth.permissions import roles_required
from duty.cases.models import ESTABLISHMENT_KINDS, Establishment, find_establishment
from duty.extensions import db
from duty.letters.views import bp
from duty.teams.formdata import FormReader

UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
FIELDS = ("name", "kind", "address", "postcode", "fax")


@bp.route("/establishments")
@roles_required(*CASEWORK_ROLES)
def list_establishments():
    """List the register, prisons first."""
    places = db.session.scalars(
        select(Establishment).order_by(Establishment.kind, Establishment.name)
    ).all()
    return render_template(
        "letters/establishments.html", places=places, kinds=ESTABLISHMENT_KINDS
    )


@bp.route("/establishments/new")
@roles_required(Role.MANAGER)
def new_establishment():
    return _form_page(None, FormReader({}))


@bp.route("/establishments", methods=["POST"])
@roles_required(Role.MANAGER)
def add_establishment():
    """Add an establishment to the register."""
    return _save(Establishment(), "establishment.add")


@bp.route("/establishments/<int:establishment_id>/edit")
@roles_required(Role.MANAGER)
def edit_establishment(establishment_id):
    place = _load(establishment_id)
    reader = FormReader({})
    reader.values = {name: getattr(place, name) or "" for name in FIELDS}
    return _form_page(place, reader)


@bp.route("/establishments/<int:establishment_id>", methods=["POST"])
@roles_required(Role.MANAGER)
def save_establishment(establishment_id):
    """Correct an establishment's name, address or fax number."""
    return _save(_load(establishment_id), "establishment.change")


def _load(establishment_id: int) -> Establishment:
    place = db.session.get(Establishment, establishment_id)
    if place is None:
        abort(404)
    return place


def _save(place: Establishment, action: str):
    reader = FormReader(request.form)
    fields = _read(reader, place)
    if reader.errors:
        return _form_page(place if place.id else None, reader, 422)
    for name, value in fields.items():
        setattr(place, name, value)
    db.session.add(place)
    db.session.flush()
    audit.record(action, "establishment", place.id)
    db.session.commit()
    flash(f"{place.name} is saved in the establishments register.")
    return redirect(url_for("letters.list_establishments"), code=303)


def _read(reader: FormReader, place: Establishment) -> dict:
    name = reader.text("name", "the establishment's name")
    if name:
        same = find_establishment(name)
        if same is not None and same.id != place.id:
            reader.error("name", f"{same.name} is already in the register")
    kind = reader.choice(
        "kind", "what kind of establishment it is", ESTABLISHMENT_KINDS
    )
    address = reader.text("address", "the postal address", max_length=500)
    address = "\n".join(line.strip() for line in address.splitlines() if line.strip())
    postcode = reader.text("postcode", "the postcode", max_length=12).upper()
    if postcode and not UK_POSTCODE.match(postcode):
        reader.error("postcode", "Enter a real UK postcode, like BL1 9XX")
    fax = reader.uk_phone("fax", "the fax number", required=False)
    return {
        "name": name,
        "kind": kind,
        "address": address,
        "postcode": postcode,
        "fax": fax,
    }


def _form_page(place: Establishment | None, reader: FormReader, status=200):
    return render_template(
        "letters/establishment_form.html",
        place=place,
        kinds=ESTABLISHMENT_KINDS,
        values=reader.values,
        errors=reader.errors,
        errors_by_id=reader.errors_by_id,
    ), status
