"""Case transfers between teams, and the letter tasks they raise."""

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.auth.models import User
from duty.cases.models import Case
from duty.extensions import db
from duty.followups.models import FollowUp
from duty.letters.documents import phone_digits
from duty.letters.models import CaseTransfer, LetterTask
from duty.letters.service import open_tasks_for_case
from duty.teams.models import Team
from duty.timeutil import utcnow


def duty_numbers_differ(first: str | None, second: str | None) -> bool:
    """Return whether two duty numbers are different telephone numbers."""
    return phone_digits(first or "") != phone_digits(second or "")


def transfer_for_form_key(form_key: str | None) -> CaseTransfer | None:
    """Return the transfer made from this form key, if there is one."""
    if not form_key:
        return None
    return db.session.scalar(
        select(CaseTransfer).where(CaseTransfer.form_key == form_key)
    )


def task_count(transfer: CaseTransfer) -> int:
    """Return how many letter tasks the transfer raised."""
    return db.session.scalar(
        select(func.count(LetterTask.id)).where(LetterTask.transfer_id == transfer.id)
    )


def transfer_case(
    case: Case, to_team: Team, permanent: bool, user: User, form_key: str | None
) -> CaseTransfer:
    """Move the case to another team, raising letter tasks if the number changes.

    A second request with the same form key returns the transfer the first made.
    """
    from_team = case.team
    transfer = CaseTransfer(
        case_id=case.id,
        from_team_id=from_team.id,
        to_team_id=to_team.id,
        permanent=permanent,
        form_key=form_key,
        moved_by_id=user.id,
    )
    db.session.add(transfer)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        earlier = transfer_for_form_key(form_key)
        if earlier is None:
            raise
        return earlier

    for task in open_tasks_for_case(case.id):
        task.done_at = utcnow()
        task.outcome = "superseded"
    case.team_id = to_team.id
    case.owner_id = None
    # Open promises go with the case, so the new team's leaders see them on
    # their overdue list; each keeps the owner who made it.
    db.session.execute(
        update(FollowUp)
        .where(FollowUp.case_id == case.id, FollowUp.done_at.is_(None))
        .values(team_id=to_team.id)
    )
    audit.record(
        "case.transfer",
        "case",
        case.reference,
        detail=(
            f"team {from_team.id} to team {to_team.id}, "
            f"{'permanent' if permanent else 'temporary'}"
        ),
    )
    tasks = []
    if permanent and duty_numbers_differ(from_team.duty_number, to_team.duty_number):
        tasks = _raise_tasks(case, transfer, from_team, to_team, user)
    db.session.commit()
    current_app.logger.info(
        "case.transferred",
        extra={"case_id": case.id, "to_team_id": to_team.id, "tasks": len(tasks)},
    )
    return transfer


def _raise_tasks(case, transfer, from_team, to_team, user) -> list[LetterTask]:
    recipients = [("offender", None)] + [
        ("representative", rep.id) for rep in case.representatives if rep.current
    ]
    tasks = [
        LetterTask(
            case_id=case.id,
            transfer_id=transfer.id,
            team_id=to_team.id,
            from_team_id=from_team.id,
            from_duty_number=from_team.duty_number,
            to_duty_number=to_team.duty_number,
            recipient=recipient,
            representative_id=rep_id,
            created_by_id=user.id,
        )
        for recipient, rep_id in recipients
    ]
    db.session.add_all(tasks)
    db.session.flush()
    for task in tasks:
        audit.record("letter_task.raise", "letter_task", task.id)
    return tasks
