"""Import cases and their legal representatives from CSV files.

Cases are matched by Home Office reference and representatives by case and
their own reference, so importing a file twice changes nothing.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from duty.auth.models import User
from duty.cases.models import (
    CUSTODY_STATUSES,
    ESTABLISHMENT_KINDS,
    Case,
    Establishment,
    Representative,
)
from duty.extensions import db
from duty.guidance.questions import REFERENCE_PATTERN, normalise_reference
from duty.teams.models import Team
from duty.text import alnum_key, fold

REQUIRED = (
    "reference",
    "given_names",
    "surname",
    "date_of_birth",
    "nationality",
    "team",
)
OPTIONAL_TEXT = ("establishment", "address", "postcode", "last_contact_nature")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _parse_row(row: dict, teams: dict, owners: dict) -> dict:
    """Return model fields for a row, or raise ValueError saying what is wrong."""
    missing = [name for name in REQUIRED if not (row.get(name) or "").strip()]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    reference = normalise_reference(row["reference"])
    if not REFERENCE_PATTERN.match(reference):
        raise ValueError(
            f"reference {row['reference']!r} is not a letter and 7 numbers"
        )
    try:
        born = date.fromisoformat(row["date_of_birth"].strip())
    except ValueError:
        raise ValueError(
            f"date_of_birth {row['date_of_birth']!r} is not YYYY-MM-DD"
        ) from None
    if born >= date.today():
        raise ValueError("date_of_birth must be in the past")
    team = teams.get(row["team"].strip())
    if team is None:
        raise ValueError(f"no team named {row['team'].strip()!r}")
    status = (row.get("custody_status") or "").strip() or None
    if status and status not in CUSTODY_STATUSES:
        raise ValueError(
            f"custody_status {status!r} is not one of {', '.join(CUSTODY_STATUSES)}"
        )
    owner_name = (row.get("owner_username") or "").strip()
    if owner_name and owner_name not in owners:
        raise ValueError(f"no user {owner_name!r}")

    fields = {
        "reference": reference,
        "given_names": row["given_names"].strip(),
        "surname": row["surname"].strip(),
        "date_of_birth": born,
        "nationality": row["nationality"].strip(),
        "team_id": team.id,
        "custody_status": status,
        "owner_id": owners[owner_name].id if owner_name else None,
    }
    for name in OPTIONAL_TEXT:
        fields[name] = (row.get(name) or "").strip() or None
    contact = (row.get("last_contact_on") or "").strip()
    fields["last_contact_on"] = date.fromisoformat(contact) if contact else None
    removal = (row.get("removal_directions_at") or "").strip()
    fields["removal_directions_at"] = (
        datetime.fromisoformat(removal) if removal else None
    )
    return fields


def import_file(path: str, progress=None) -> ImportReport:
    """Create or update cases from a CSV file, keyed by Home Office reference."""
    teams = {t.name: t for t in db.session.scalars(select(Team))}
    owners = {u.username: u for u in db.session.scalars(select(User))}

    def find(fields):
        return db.session.scalar(
            select(Case).where(Case.reference == fields["reference"])
        )

    return _import_rows(
        path,
        "Importing cases",
        lambda row: _parse_row(row, teams, owners),
        find,
        Case,
        progress,
    )


REPRESENTATIVE_REQUIRED = ("reference", "organisation", "their_reference", "phone")
REPRESENTATIVE_OPTIONAL = ("contact_name", "fax", "address", "postcode")
YES_NO = {"": True, "yes": True, "y": True, "no": False, "n": False}


def _parse_representative(row: dict) -> dict:
    """Return Representative fields for a row, or raise ValueError saying what is wrong."""
    missing = [
        name for name in REPRESENTATIVE_REQUIRED if not (row.get(name) or "").strip()
    ]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    reference = normalise_reference(row["reference"])
    case_id = db.session.scalar(select(Case.id).where(Case.reference == reference))
    if case_id is None:
        raise ValueError(
            f"no case with reference {row['reference'].strip()!r}; import the case first"
        )
    current = (row.get("current") or "").strip().lower()
    if current not in YES_NO:
        raise ValueError(f"current {row['current']!r} is not yes or no")
    optional = {
        name: (row.get(name) or "").strip() or None for name in REPRESENTATIVE_OPTIONAL
    }
    return {
        "case_id": case_id,
        "organisation": row["organisation"].strip(),
        "contact_name": optional["contact_name"] or "",
        "their_reference": row["their_reference"].strip(),
        "phone_on_record": row["phone"].strip(),
        "fax_on_record": optional["fax"],
        "address": optional["address"],
        "postcode": optional["postcode"],
        "current": YES_NO[current],
    }


def import_representatives(path: str, progress=None) -> ImportReport:
    """Create or update legal representatives, keyed by case and their reference."""

    def find(fields):
        return db.session.scalar(
            select(Representative).where(
                Representative.case_id == fields["case_id"],
                Representative.reference_key == alnum_key(fields["their_reference"]),
            )
        )

    return _import_rows(
        path,
        "Importing representatives",
        _parse_representative,
        find,
        Representative,
        progress,
    )


ESTABLISHMENT_REQUIRED = ("name", "kind", "address", "postcode")


def _parse_establishment(row: dict) -> dict:
    """Return Establishment fields for a row, or raise ValueError saying what is wrong."""
    missing = [
        name for name in ESTABLISHMENT_REQUIRED if not (row.get(name) or "").strip()
    ]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    kind = row["kind"].strip()
    if kind not in ESTABLISHMENT_KINDS:
        raise ValueError(
            f"kind {kind!r} is not one of {', '.join(ESTABLISHMENT_KINDS)}"
        )
    # Addresses are one field in a CSV file; a "|" separates their lines.
    lines = [line.strip() for line in row["address"].split("|") if line.strip()]
    return {
        "name": row["name"].strip(),
        "kind": kind,
        "address": "\n".join(lines),
        "postcode": row["postcode"].strip().upper(),
        "fax": (row.get("fax") or "").strip() or None,
    }


def import_establishments(path: str, progress=None) -> ImportReport:
    """Create or update prisons and removal centres, keyed by folded name."""

    def find(fields):
        return db.session.scalar(
            select(Establishment).where(Establishment.name_key == fold(fields["name"]))
        )

    return _import_rows(
        path,
        "Importing establishments",
        _parse_establishment,
        find,
        Establishment,
        progress,
    )


def _import_rows(path, label, parse, find, model, progress=None) -> ImportReport:
    """Create, update or leave each row's record; rows that fail to parse are reported."""
    report = ImportReport()
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    bar = progress(rows, label=label) if progress else None
    iterator = bar.__enter__() if bar else rows
    try:
        for line, row in enumerate(iterator, start=2):
            try:
                fields = parse(row)
            except ValueError as exc:
                report.rejected.append((line, str(exc)))
                continue
            record = find(fields)
            if record is None:
                db.session.add(model(**fields))
                db.session.flush()  # a later row of the same file finds this one
                report.created += 1
            elif all(getattr(record, k) == v for k, v in fields.items()):
                report.unchanged += 1
            else:
                for key, value in fields.items():
                    setattr(record, key, value)
                report.updated += 1
    finally:
        if bar:
            bar.__exit__(None, None, None)
    db.session.commit()
    return report
