"""Load a case or letter for the signed-in user's team, or refuse."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from duty.auth.permissions import refuse
from duty.cases.models import Case
from duty.extensions import db
from duty.letters.models import Letter


def load_case(reference: str) -> Case:
    """Return the case if it belongs to the user's team, else answer 404 or 403."""
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        abort(404)
    if case.team_id != current_user.team_id:
        refuse("case of another team", "case", reference)
    return case


def load_letter(reference: str, letter_id: int) -> tuple[Case, Letter]:
    """Return the case and one letter from its register."""
    case = load_case(reference)
    letter = db.session.get(Letter, letter_id)
    if letter is None or letter.case_id != case.id:
        abort(404)
    return case, letter
