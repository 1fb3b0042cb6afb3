"""Calls to a duty line, the answers given at each step, and their events."""

import json
import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.timeutil import utcnow


class CallStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    PASSED = "passed"  # waiting for the receiver to take it
    ENDED = "ended"


CALLER_TYPES = {
    "offender": "Foreign national offender",
    "representative": "Legal representative",
    "third_party": "Family member or other third party",
    "press": "Press or media",
    "other": "Other caller",
}

OUTCOMES = {
    "passed": "Passed to case handler",
    "redirected": "Redirected to the owning team",
    "first_point": "Dealt with at first point",
    "write_in": "Asked to write in",
    "press_office": "Referred to the press office",
    "manager": "Put through to a manager",
    "handled": "Handled by the case handler",
    "promised": "Call back or fax promised",
    "flagged": "Asked to write in; manager or senior caseworker consulted",
    "ended_early": "Ended before routing",
    "abusive_terminated": "Ended for abuse: told to write in",
    "closed_unfinished": "Closed unfinished",
}


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class Call(db.Model):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=new_public_id
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ended_at: Mapped[datetime | None]
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    caller_number: Mapped[str | None] = mapped_column(String(40))
    caller_name: Mapped[str | None] = mapped_column(String(200))
    caller_type: Mapped[str | None] = mapped_column(String(20))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    redirected_to_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    status: Mapped[str] = mapped_column(String(20), default=CallStatus.IN_PROGRESS)
    outcome: Mapped[str | None] = mapped_column(String(30))
    passed_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    passed_at: Mapped[datetime | None]
    taken_at: Mapped[datetime | None]
    flow: Mapped[str] = mapped_column(String(40), default="initial")
    step: Mapped[str] = mapped_column(String(60), default="greeting")
    enquiry: Mapped[str | None] = mapped_column(Text)

    team = relationship("Team", foreign_keys=[team_id])
    redirected_to_team = relationship("Team", foreign_keys=[redirected_to_team_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    handler = relationship("User", foreign_keys=[handler_id])
    passed_to = relationship("User", foreign_keys=[passed_to_id])
    case = relationship("Case")
    steps = relationship(
        "CallStep",
        back_populates="call",
        order_by="CallStep.seq",
        cascade="all, delete-orphan",
    )
    events = relationship(
        "CallEvent",
        back_populates="call",
        order_by="CallEvent.id",
        cascade="all, delete-orphan",
    )

    @property
    def caller_type_label(self) -> str:
        return CALLER_TYPES.get(self.caller_type or "", "Not yet known")

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome or "", "")

    @property
    def is_open(self) -> bool:
        return self.status != CallStatus.ENDED

    def live_steps(self) -> list["CallStep"]:
        return [step for step in self.steps if not step.superseded]

    def answers(self) -> dict:
        """Return every current answer on the call, later steps winning."""
        merged: dict = {}
        for step in self.live_steps():
            merged.update(step.answer_dict)
        return merged


class CallStep(db.Model):
    """The answers given at one step, with the guidance version that was shown."""

    __tablename__ = "call_steps"
    __table_args__ = (UniqueConstraint("call_id", "form_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    seq: Mapped[int]
    flow: Mapped[str] = mapped_column(String(40))
    flow_version: Mapped[str] = mapped_column(String(20))
    step_id: Mapped[str] = mapped_column(String(60))
    step_title: Mapped[str] = mapped_column(String(200))
    script_shown: Mapped[str] = mapped_column(Text, default="")
    answers_json: Mapped[str] = mapped_column(Text, default="{}")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    form_key: Mapped[str] = mapped_column(String(64))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded: Mapped[bool] = mapped_column(default=False)

    call = relationship("Call", back_populates="steps")
    user = relationship("User")

    @property
    def answer_dict(self) -> dict:
        return json.loads(self.answers_json or "{}")


class CallEvent(db.Model):
    """Something that happened to a call: passed, taken, redirected, ended."""

    __tablename__ = "call_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")

    call = relationship("Call", back_populates="events")
    user = relationship("User")
