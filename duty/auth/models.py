"""Staff accounts and their roles."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.timeutil import utcnow


class Role(StrEnum):
    ADMIN_OFFICER = "admin_officer"
    CASE_OWNER = "case_owner"
    TEAM_LEADER = "team_leader"
    MANAGER = "manager"
    ASSISTANT_DIRECTOR = "assistant_director"
    TRAINEE = "trainee"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN_OFFICER: "Administrative officer",
    Role.CASE_OWNER: "Case owner",
    Role.TEAM_LEADER: "Team leader",
    Role.MANAGER: "Manager",
    Role.ASSISTANT_DIRECTOR: "Assistant director",
    Role.TRAINEE: "Trainee",
}

CASEWORK_ROLES = (Role.CASE_OWNER, Role.TEAM_LEADER, Role.MANAGER)
CALL_ROLES = (Role.ADMIN_OFFICER, *CASEWORK_ROLES)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)
    direct_line: Mapped[str | None] = mapped_column(String(40))
    direct_line_consent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team = relationship("Team", foreign_keys=[team_id])

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in {str(role) for role in roles}
