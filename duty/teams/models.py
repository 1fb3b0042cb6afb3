"""Caseworking teams, their duty lines, absences and rota cover."""

from datetime import date, datetime, time

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.timeutil import utcnow

REGIONS = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}


class Team(db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    duty_number: Mapped[str | None] = mapped_column(String(40))
    postal_address: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(String(3), default="ENG")
    first_point: Mapped[bool] = mapped_column(default=False)
    opens_at: Mapped[time] = mapped_column(default=time(9, 0))
    closes_at: Mapped[time] = mapped_column(default=time(17, 0))
    allows_voicemail: Mapped[bool] = mapped_column(default=False)
    # Messages the team's telephone mailbox holds before callers hear it is full.
    mailbox_capacity: Mapped[int] = mapped_column(default=20)
    team_leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", use_alter=True, name="fk_teams_team_leader")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team_leader = relationship("User", foreign_keys=[team_leader_id], post_update=True)
    members = relationship(
        "User", foreign_keys="User.team_id", back_populates="team", viewonly=True
    )

    @property
    def region_name(self) -> str:
        return REGIONS.get(self.region, self.region)

    @property
    def postal_lines(self) -> list[str]:
        """Return the team's name and address, with the name once only."""
        lines = self.address_lines
        if lines and lines[0].strip().casefold() == self.name.strip().casefold():
            lines = lines[1:]
        return [self.name, *lines]

    @property
    def address_lines(self) -> list[str]:
        return [line for line in self.postal_address.splitlines() if line.strip()]


class Absence(db.Model):
    """A period a member of staff is away, whole days or part of a day."""

    __tablename__ = "absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    part_day: Mapped[str | None] = mapped_column(String(10))  # "am", "pm" or None
    reason: Mapped[str] = mapped_column(String(200), default="")

    user = relationship("User")


class RotaCover(db.Model):
    """Who takes an absent colleague's calls on one day."""

    __tablename__ = "rota_covers"
    __table_args__ = (UniqueConstraint("absent_user_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    on_date: Mapped[date] = mapped_column(index=True)
    absent_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cover_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    absent_user = relationship("User", foreign_keys=[absent_user_id])
    cover_user = relationship("User", foreign_keys=[cover_user_id])
