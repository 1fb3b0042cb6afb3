"""Abuse on a call, record sheets, threats with their referrals, and complaints."""

import json
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.incidents import rules
from duty.timeutil import utcnow


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class AbuseEntry(db.Model):
    """One thing in an abusive episode: behaviour noted, warning or termination."""

    __tablename__ = "abuse_entries"
    __table_args__ = (UniqueConstraint("call_id", "form_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # behaviour, warning, termination
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    step_title: Mapped[str] = mapped_column(String(200), default="")
    behaviours_json: Mapped[str] = mapped_column(Text, default="[]")
    details: Mapped[str] = mapped_column(Text, default="")
    script_shown: Mapped[str] = mapped_column(Text, default="")
    form_key: Mapped[str] = mapped_column(String(64))

    user = relationship("User")

    @property
    def behaviours(self) -> list[str]:
        return json.loads(self.behaviours_json or "[]")


class AbuseSheet(db.Model):
    """The abusive call record sheet, sent to the local assistant director."""

    __tablename__ = "abuse_sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=new_public_id
    )
    form_key: Mapped[str] = mapped_column(String(64), unique=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    completed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    caller_name: Mapped[str] = mapped_column(String(200), default="")
    caller_number: Mapped[str] = mapped_column(String(40), default="")
    caller_type: Mapped[str] = mapped_column(String(20), default="")
    establishment: Mapped[str] = mapped_column(String(200), default="")
    behaviours_json: Mapped[str] = mapped_column(Text, default="[]")
    what_was_said: Mapped[str] = mapped_column(Text)
    what_was_done: Mapped[str] = mapped_column(Text)
    warning_at: Mapped[datetime | None]
    terminated_at: Mapped[datetime | None]
    threat_made: Mapped[bool] = mapped_column(default=False)
    assistant_director_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True
    )
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    call = relationship("Call")
    team = relationship("Team")
    case = relationship("Case")
    completed_by = relationship("User", foreign_keys=[completed_by_id])
    assistant_director = relationship("User", foreign_keys=[assistant_director_id])
    acknowledged_by = relationship("User", foreign_keys=[acknowledged_by_id])
    follow_up = relationship(
        "EstablishmentFollowUp", back_populates="sheet", uselist=False
    )

    @property
    def behaviours(self) -> list[str]:
        return json.loads(self.behaviours_json or "[]")

    @property
    def reference(self) -> str:
        """Return the sheet's reference for people and files, such as AC000042."""
        return f"AC{self.id:06d}"

    @property
    def behaviour_labels(self) -> list[str]:
        return [rules.BEHAVIOURS.get(key, key) for key in self.behaviours]


class CaseFileCopy(db.Model):
    """A copy of a document placed on the person's file, frozen when placed."""

    __tablename__ = "case_file_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("abuse_sheets.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    case = relationship("Case")
    sheet = relationship("AbuseSheet")
    placed_by = relationship("User")


class EstablishmentFollowUp(db.Model):
    """A follow-up of an abusive call with the prison or removal centre."""

    __tablename__ = "establishment_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("abuse_sheets.id"), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    establishment: Mapped[str] = mapped_column(String(200))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    sheet = relationship("AbuseSheet", back_populates="follow_up")
    raised_by = relationship("User", foreign_keys=[raised_by_id])
    done_by = relationship("User", foreign_keys=[done_by_id])


class ThreatReport(db.Model):
    """A threat made on a call, and where it must be referred."""

    __tablename__ = "threat_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=new_public_id
    )
    form_key: Mapped[str] = mapped_column(String(64), unique=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    categories_json: Mapped[str] = mapped_column(Text)
    what_was_said: Mapped[str] = mapped_column(Text)
    establishment: Mapped[str] = mapped_column(String(200), default="")
    police: Mapped[bool] = mapped_column(default=False)

    call = relationship("Call")
    team = relationship("Team")
    reported_by = relationship("User")
    referrals = relationship(
        "ThreatReferral",
        back_populates="threat",
        order_by="ThreatReferral.position",
        cascade="all, delete-orphan",
    )

    @property
    def categories(self) -> list[str]:
        return json.loads(self.categories_json or "[]")

    @property
    def category_labels(self) -> list[str]:
        return [rules.THREAT_CATEGORIES.get(key, key) for key in self.categories]

    @property
    def is_urgent(self) -> bool:
        return any(r.urgent for r in self.referrals)

    @property
    def is_open(self) -> bool:
        return any(r.made_at is None for r in self.referrals)


class ThreatReferral(db.Model):
    """One place a threat must be reported to, and who reported it when."""

    __tablename__ = "threat_referrals"
    __table_args__ = (UniqueConstraint("threat_id", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    threat_id: Mapped[int] = mapped_column(ForeignKey("threat_reports.id"), index=True)
    position: Mapped[int]
    recipient: Mapped[str] = mapped_column(String(20))
    urgent: Mapped[bool] = mapped_column(default=False)
    after: Mapped[str | None] = mapped_column(String(20))
    made_at: Mapped[datetime | None]
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    threat = relationship("ThreatReport", back_populates="referrals")
    made_by = relationship("User")

    @property
    def label(self) -> str:
        if self.recipient == "establishment" and self.threat.establishment:
            return self.threat.establishment
        return rules.RECIPIENTS[self.recipient]


class Complaint(db.Model):
    """A complaint made on a call: formal (staff behaviour) or operational."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(32), unique=True, default=new_public_id
    )
    form_key: Mapped[str] = mapped_column(String(64), unique=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(Text)
    staff_named: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closing_note: Mapped[str] = mapped_column(Text, default="")

    call = relationship("Call")
    case = relationship("Case")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])

    @property
    def kind_label(self) -> str:
        return rules.COMPLAINT_KINDS[self.kind].split(":")[0]

    @property
    def is_open(self) -> bool:
        return self.route == "verbal" and self.closed_at is None
