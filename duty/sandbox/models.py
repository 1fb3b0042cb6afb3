"""Practice records kept in the practice database: attempts and the world's state.

These tables have the practice bind key, so they stay in the practice
database in every request, and a reset of the made-up cases keeps them.
User and team ids here are live ids stored without foreign keys, because
the live tables are in another database.
"""

import json
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from duty.extensions import db
from duty.sandbox.binding import PRACTICE_BIND
from duty.timeutil import utcnow


class PracticeAttempt(db.Model):
    """One practice call on a scenario, with its score once finished."""

    __bind_key__ = PRACTICE_BIND
    __tablename__ = "practice_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(index=True)
    user_name: Mapped[str] = mapped_column(String(200))
    user_role: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int | None] = mapped_column(index=True)
    scenario_id: Mapped[str] = mapped_column(String(80))
    scenario_title: Mapped[str] = mapped_column(String(200))
    scenario_version: Mapped[str] = mapped_column(String(20))
    call_public_id: Mapped[str] = mapped_column(String(32), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    score: Mapped[int | None]
    max_score: Mapped[int | None]
    findings_json: Mapped[str] = mapped_column(Text, default="[]")

    @property
    def findings(self) -> list[dict]:
        return json.loads(self.findings_json or "[]")

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def full_marks(self) -> bool:
        return self.is_finished and self.score == self.max_score


class PracticeWorld(db.Model):
    """The single row saying which schema the made-up data was built for, and when."""

    __bind_key__ = PRACTICE_BIND
    __tablename__ = "practice_world"

    id: Mapped[int] = mapped_column(primary_key=True)
    schema_fingerprint: Mapped[str] = mapped_column(String(64))
    reset_at: Mapped[datetime] = mapped_column(default=utcnow)
    reset_by_id: Mapped[int | None]
    reset_by_name: Mapped[str] = mapped_column(String(200), default="")
