"""Create letters in the register and complete the transfer tasks they fulfil."""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.auth.models import User
from duty.cases.models import Case
from duty.extensions import db
from duty.letters.addressing import AddressError, address_letter
from duty.letters.documents import (
    DirectLineInLetter,
    LetterContent,
    TeamNotReady,
    render_letter,
)
from duty.letters.models import Letter, LetterTask
from duty.letters.requests import REPLY_HEADINGS, LetterChoice
from duty.timeutil import local_today, utcnow


class LetterNotCreated(ValueError):
    """Raised with GOV.UK error summary items when a letter cannot be made."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors[0]["text"])
        self.errors = errors


def create_letter(case: Case, choice: LetterChoice, user: User) -> Letter:
    """Render the chosen letter, add it to the register and audit it.

    A second request with the same form key returns the letter the first made.
    """
    html = _render_choice(case, choice, user)

    letter = Letter(
        case_id=case.id,
        call_id=choice.call.id if choice.call else None,
        team_id=case.team_id,
        team_name=case.team.name,
        duty_number=case.team.duty_number,
        template=choice.template,
        proposed_template=choice.proposed,
        override_reason=choice.override_reason,
        purpose=choice.purpose,
        reply_method=choice.reply_method,
        recipient=choice.recipient,
        representative_id=choice.representative.id if choice.representative else None,
        body=choice.body or None,
        html=html,
        form_key=choice.form_key,
        created_by_id=user.id,
    )
    db.session.add(letter)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        earlier = letter_for_form_key(case, choice.form_key)
        if earlier is None:
            raise
        return earlier
    _record_creation(letter)
    if letter.purpose != "reply":
        _complete_tasks(letter)
    db.session.commit()
    current_app.logger.info(
        "letter.created", extra={"letter_id": letter.id, "case_id": case.id}
    )
    return letter


def _render_choice(case: Case, choice: LetterChoice, user: User) -> str:
    """Return the letter's HTML, or raise LetterNotCreated saying what is missing."""
    field = "body" if choice.purpose == "reply" else "template"
    try:
        addressee = address_letter(
            case,
            choice.recipient,
            choice.template,
            choice.representative,
            choice.reply_method,
        )
        return render_letter(
            LetterContent(
                template=choice.template,
                purpose=choice.purpose,
                recipient=choice.recipient,
                case=case,
                team=case.team,
                addressee=addressee,
                sender_name=user.full_name,
                written_on=local_today(),
                representative=choice.representative,
                reply_heading=REPLY_HEADINGS.get(choice.reply_method or "", ""),
                body=choice.body,
            )
        )
    except AddressError as error:
        _log_not_created(case, error)
        raise LetterNotCreated([{"text": str(error), "href": "#recipient"}]) from None
    except (TeamNotReady, DirectLineInLetter) as error:
        _log_not_created(case, error)
        raise LetterNotCreated([{"text": str(error), "href": f"#{field}"}]) from None


def letter_for_form_key(case: Case, form_key: str | None) -> Letter | None:
    """Return the case's letter made from this form key, if there is one."""
    if not form_key:
        return None
    return db.session.scalar(
        select(Letter).where(Letter.case_id == case.id, Letter.form_key == form_key)
    )


def _log_not_created(case: Case, error: Exception) -> None:
    current_app.logger.info(
        "letter.not_created",
        extra={
            "case_id": case.id,
            "team_id": case.team_id,
            "reason": type(error).__name__,
        },
    )


def _record_creation(letter: Letter) -> None:
    audit.record(
        "letter.create",
        "letter",
        letter.id,
        call_id=letter.call_id,
        detail=(
            f"case {letter.case_id}: {letter.template} to {letter.recipient} for "
            f"{letter.purpose}, duty number of team {letter.team_id}"
        ),
    )
    if letter.overridden:
        audit.record(
            "letter.override",
            "letter",
            letter.id,
            detail=f"proposed {letter.proposed_template}, chose {letter.template}",
        )


def _complete_tasks(letter: Letter) -> None:
    for task in open_tasks_for_case(letter.case_id, letter.team_id):
        same_rep = task.representative_id == letter.representative_id
        if task.recipient == letter.recipient and same_rep:
            task.done_at = utcnow()
            task.outcome = "sent"
            task.letter_id = letter.id
            audit.record("letter_task.done", "letter_task", task.id)


def open_tasks_for_case(case_id: int, team_id: int | None = None) -> list[LetterTask]:
    """Return the case's tasks still waiting for a letter."""
    query = select(LetterTask).where(
        LetterTask.case_id == case_id, LetterTask.done_at.is_(None)
    )
    if team_id is not None:
        query = query.where(LetterTask.team_id == team_id)
    return list(db.session.scalars(query.order_by(LetterTask.id)))


def open_tasks_for_team(team_id: int) -> list[LetterTask]:
    """Return the team's letters still to send, oldest first."""
    return list(
        db.session.scalars(
            select(LetterTask)
            .where(LetterTask.team_id == team_id, LetterTask.done_at.is_(None))
            .order_by(LetterTask.created_at, LetterTask.id)
        )
    )
