"""A follow-up action promised on a call, with its owner and due time."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.timeutil import utcnow

FOLLOW_UP_KINDS = {
    "call_back": "Call the caller back",
    "fax": "Fax the answer",
    "written_reply": "Reply in writing",
    "investigate": "Investigate and call back",
    "consult": "Consult on a doubtful or out-of-scope request",
    "diary": "Diary follow-up",
    "written_confirmation": "Confirm the call in writing to the caller",
}


class FollowUp(db.Model):
    """Something promised during or after a call, owned by one member of staff."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime] = mapped_column(index=True)
    first_due_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    caller_told_of_delay_at: Mapped[datetime | None]
    delay_told_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    call = relationship("Call")
    case = relationship("Case")
    team = relationship("Team")
    owner = relationship("User", foreign_keys=[owner_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    done_by = relationship("User", foreign_keys=[done_by_id])

    @property
    def kind_label(self) -> str:
        return FOLLOW_UP_KINDS.get(self.kind, self.kind)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, now: datetime) -> bool:
        return self.done_at is None and self.due_at < now
