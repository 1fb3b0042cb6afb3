"""Training courses each role must complete before taking calls."""

from sqlalchemy import select

from duty.auth.models import CALL_ROLES, Role
from duty.extensions import db
from duty.teams.line_models import TrainingRecord

COURSES = {
    "call_handling": "Handle calls with confidence and professionalism (e-learning)",
    "difficult_callers": "Dealing with difficult callers",
    "information_management": "Information management (e-learning)",
}

# Case owners and team leaders speak to offenders and their families as part
# of the casework itself, so they count as being in regular contact.
REGULAR_CONTACT_ROLES = (Role.CASE_OWNER, Role.TEAM_LEADER)


def required_courses(user) -> list[str]:
    """Return the courses the user's role requires, in display order."""
    required = []
    if user.has_role(*CALL_ROLES):
        required.append("call_handling")
    if user.has_role(*REGULAR_CONTACT_ROLES):
        required.append("difficult_callers")
    required.append("information_management")
    return required


def completions(user_ids) -> dict[int, dict[str, TrainingRecord]]:
    """Return each user's training records keyed by course."""
    ids = list(user_ids)
    found: dict[int, dict[str, TrainingRecord]] = {user_id: {} for user_id in ids}
    if not ids:
        return found
    rows = db.session.scalars(
        select(TrainingRecord).where(TrainingRecord.user_id.in_(ids))
    ).all()
    for row in rows:
        found[row.user_id][row.course] = row
    return found


def missing_courses(user, records: dict | None = None) -> list[str]:
    """Return the labels of required courses the user has not completed."""
    if records is None:
        records = completions([user.id])[user.id]
    return [COURSES[c] for c in required_courses(user) if c not in records]


def training_warning(user) -> str | None:
    """Return a warning naming the courses missing for someone put on the line."""
    missing = missing_courses(user)
    if not missing:
        return None
    return f"{user.full_name} has not completed: {'; '.join(missing)}."
