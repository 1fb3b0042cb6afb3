"""Finding cases by reference, or by name, date of birth and nationality."""

from datetime import date

from sqlalchemy import select, union

from duty.cases.models import Case, CaseAlias
from duty.extensions import db
from duty.guidance.questions import normalise_reference
from duty.text import fold, postcode_key


def by_reference(reference: str) -> Case | None:
    return db.session.scalar(
        select(Case).where(Case.reference == normalise_reference(reference))
    )


def by_details(full_name: str, date_of_birth: date, nationality: str) -> list[Case]:
    """Return cases whose name or alias, date of birth and nationality all match."""
    key = fold(full_name)
    # A UNION rather than OR, so the name match uses the (name_key,
    # date_of_birth) index instead of reading every case born that day.
    by_name = select(Case.id).where(
        Case.name_key == key, Case.date_of_birth == date_of_birth
    )
    by_alias = (
        select(CaseAlias.case_id)
        .join(Case, Case.id == CaseAlias.case_id)
        .where(CaseAlias.name_key == key, Case.date_of_birth == date_of_birth)
    )
    candidates = db.session.scalars(
        select(Case).where(Case.id.in_(union(by_name, by_alias))).order_by(Case.id)
    ).all()
    wanted = fold(nationality)
    return [case for case in candidates if fold(case.nationality) == wanted]


def by_surname_prefix(prefix: str, date_of_birth: date, limit: int = 50) -> list[Case]:
    """Return cases born on a date whose folded surname starts with a prefix."""
    key = fold(prefix)
    return db.session.scalars(
        select(Case)
        .where(
            Case.date_of_birth == date_of_birth,
            Case.surname_key.startswith(key, autoescape=True),
        )
        .order_by(Case.surname_key)
        .limit(limit)
    ).all()


def narrow(cases: list[Case], place_or_postcode: str) -> list[Case]:
    """Keep the cases whose establishment or postcode matches what the caller said."""
    place = fold(place_or_postcode)
    code = postcode_key(place_or_postcode)
    kept = []
    for case in cases:
        if case.establishment and place and place in fold(case.establishment):
            kept.append(case)
        elif case.postcode and code == postcode_key(case.postcode):
            kept.append(case)
    return kept
