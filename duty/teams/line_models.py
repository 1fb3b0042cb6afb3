"""Records kept while running a duty line: message, diversion, voicemail, rota."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.timeutil import utcnow


class OutOfHoursMessage(db.Model):
    """One version of the recorded message a team's line plays when closed."""

    __tablename__ = "out_of_hours_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    set_by = relationship("User")


class DiversionKind:
    DIVERTED = "diverted"  # at close: calls go to the recorded message
    CANCELLED = "cancelled"  # at opening: calls ring the duty line again


class DiversionConfirmation(db.Model):
    """Someone's confirmation that a line was diverted, or the diversion cancelled."""

    __tablename__ = "diversion_confirmations"
    __table_args__ = (UniqueConstraint("team_id", "on_date", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    on_date: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    confirmed_by = relationship("User")


class Voicemail(db.Model):
    """A recorded message a caller left on a team's line."""

    __tablename__ = "voicemails"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    left_at: Mapped[datetime] = mapped_column(index=True)
    caller_name: Mapped[str] = mapped_column(String(200), default="")
    caller_number: Mapped[str] = mapped_column(String(40), default="")
    about: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime]
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    dealt_at: Mapped[datetime | None]
    dealt_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(Text, default="")

    logged_by = relationship("User", foreign_keys=[logged_by_id])
    dealt_by = relationship("User", foreign_keys=[dealt_by_id])


class FirstAnswerer(db.Model):
    """Who the manager appointed to answer a team's line first on one day."""

    __tablename__ = "first_answerers"
    __table_args__ = (UniqueConstraint("team_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    on_date: Mapped[date]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id])


class TrainingRecord(db.Model):
    """The date someone completed a training course."""

    __tablename__ = "training_records"
    __table_args__ = (UniqueConstraint("user_id", "course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course: Mapped[str] = mapped_column(String(40))
    completed_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
