"""Cases in each custody situation, and PDF text for assertions."""

import io
import re
import unicodedata

from pypdf import PdfReader

from duty.cases.models import Establishment, Representative, find_establishment
from duty.extensions import db

# template, custody status, recipient: one situation each template is written for
SITUATIONS = [
    ("ICD.4488", "prison", "representative"),
    ("ICD.4489", "prison", "offender"),
    ("ICD.4490", "prison", "offender"),
    ("ICD.4491", "immigration_prison", "offender"),
    ("ICD.4492", "community", "offender"),
    ("ICD.4492", "community", "representative"),
    ("ICD.4599", "removal_centre", "offender"),
]

PLACES = {
    "prison": "HMP Northmoor",
    "immigration_prison": "HMP Eastwick",
    "removal_centre": "Harbourside Immigration Removal Centre",
}


ADDRESSES = {
    "HMP Northmoor": ("Moor Lane\nBolton", "BL1 9XX", "0113 496 0101", "prison"),
    "HMP Eastwick": ("Eastwick Road\nLeeds", "LS9 9XX", "0113 496 0102", "prison"),
    "Harbourside Immigration Removal Centre": (
        "Dock Road\nLiverpool",
        "L3 9XX",
        "0113 496 0105",
        "removal_centre",
    ),
}


def register_establishment(name: str) -> Establishment:
    """Add the establishment's address to the register, once."""
    place = find_establishment(name)
    if place is None:
        address, postcode, fax, kind = ADDRESSES[name]
        place = Establishment(
            name=name, kind=kind, address=address, postcode=postcode, fax=fax
        )
        db.session.add(place)
        db.session.flush()
    return place


def case_in(build, team, status, owner=None, **fields):
    """Make a case in the custody status, with a representative on record and,
    for someone held, their establishment in the register."""
    fields.setdefault("custody_status", status)
    if status == "community":
        fields.setdefault("establishment", None)
        fields.setdefault("address", "14 Station Road\nSalford")
        fields.setdefault("postcode", "M5 4WT")
    else:
        fields.setdefault("establishment", PLACES.get(status))
        if fields["establishment"] in ADDRESSES:
            register_establishment(fields["establishment"])
    case = build.case(team, owner, **fields)
    case.representatives.append(
        Representative(
            organisation="Harrow & Co Solicitors",
            contact_name="Ruth Greene",
            their_reference="REF/0042/17",
            phone_on_record="0161 496 1042",
            fax_on_record="0161 496 1043",
            address="3 Quay Street\nManchester",
            postcode="M3 3JE",
        )
    )
    db.session.commit()
    return case


def recipient_value(case, recipient: str) -> str:
    if recipient == "offender":
        return "offender"
    return f"representative:{case.representatives[0].id}"


def pdf_text(data: bytes) -> str:
    """Return a PDF's text with whitespace collapsed, in Unicode NFC form."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def html_text(html: str) -> str:
    """Return HTML's text with tags removed and whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)
