"""The letter register and the tasks of sending a letter again after a transfer."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.timeutil import utcnow

RECIPIENTS = {
    "offender": "Foreign national offender",
    "representative": "Legal representative",
}

PURPOSES = {
    "allocation": "The case has been allocated to the team",
    "induction": "The case was allocated at the offender's prison induction interview",
    "transfer": "The case moved permanently to the team",
    "reply": "Written reply promised on a call",
}


class Letter(db.Model):
    """One letter in a case's register, kept exactly as it was generated."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    team_name: Mapped[str] = mapped_column(String(200))
    duty_number: Mapped[str] = mapped_column(String(40))
    template: Mapped[str] = mapped_column(String(20))
    proposed_template: Mapped[str | None] = mapped_column(String(20))
    override_reason: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(20))
    reply_method: Mapped[str | None] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(20))
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("representatives.id")
    )
    body: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    # The key sent with the form, so that a repeated submission adds nothing.
    form_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    case = relationship("Case")
    team = relationship("Team")
    representative = relationship("Representative")
    created_by = relationship("User")

    @property
    def overridden(self) -> bool:
        return self.proposed_template is not None and (
            self.proposed_template != self.template
        )

    @property
    def recipient_label(self) -> str:
        return RECIPIENTS[self.recipient]

    @property
    def purpose_label(self) -> str:
        return PURPOSES[self.purpose]


class CaseTransfer(db.Model):
    """A move of a case from one team to another."""

    __tablename__ = "case_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    to_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    permanent: Mapped[bool]
    form_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    moved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)

    case = relationship("Case")
    from_team = relationship("Team", foreign_keys=[from_team_id])
    to_team = relationship("Team", foreign_keys=[to_team_id])


class LetterTask(db.Model):
    """A letter that must be sent again because a case changed duty number."""

    __tablename__ = "letter_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("case_transfers.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    from_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    from_duty_number: Mapped[str | None] = mapped_column(String(40))
    to_duty_number: Mapped[str | None] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(20))
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("representatives.id")
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    done_at: Mapped[datetime | None]
    # "sent" when a letter completed the task, "superseded" when the case moved on.
    outcome: Mapped[str | None] = mapped_column(String(20))
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))

    case = relationship("Case")
    team = relationship("Team", foreign_keys=[team_id])
    from_team = relationship("Team", foreign_keys=[from_team_id])
    representative = relationship("Representative")
    letter = relationship("Letter")

    @property
    def recipient_label(self) -> str:
        return RECIPIENTS[self.recipient]
