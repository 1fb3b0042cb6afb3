"""Import cases from CSV, creating or updating by Home Office reference."""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from duty.auth.models import User
from duty.cases.models import CUSTODY_STATUSES, Case
from duty.extensions import db
from duty.guidance.questions import REFERENCE_PATTERN, normalise_reference
from duty.teams.models import Team

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
    teams = {t.name: t for t in db.session.scalars(select(Team))}
    owners = {u.username: u for u in db.session.scalars(select(User))}
    report = ImportReport()
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    bar = progress(rows, label="Importing cases") if progress else None
    iterator = bar.__enter__() if bar else rows
    try:
        for line, row in enumerate(iterator, start=2):
            try:
                fields = _parse_row(row, teams, owners)
            except ValueError as exc:
                report.rejected.append((line, str(exc)))
                continue
            case = db.session.scalar(
                select(Case).where(Case.reference == fields["reference"])
            )
            if case is None:
                db.session.add(Case(**fields))
                report.created += 1
            elif all(getattr(case, k) == v for k, v in fields.items()):
                report.unchanged += 1
            else:
                for key, value in fields.items():
                    setattr(case, key, value)
                report.updated += 1
    finally:
        if bar:
            bar.__exit__(None, None, None)
    db.session.commit()
    return report
