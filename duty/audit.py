"""Append-only record of who saw and changed what."""

from datetime import datetime

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from duty.extensions import db
from duty.timeutil import utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(40))
    # The actor's team when the event happened, so the audit search keeps an
    # event with that team after the person moves.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(60), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    detail: Mapped[str] = mapped_column(String(300), default="")
    remote_addr: Mapped[str | None] = mapped_column(String(64))

    user = relationship("User")


class AuditIsAppendOnly(Exception):
    """Raised when code tries to change or delete an audit record."""


# Execution option that lets one UPDATE or DELETE statement through the guard
# below. Only the demo loader sets it, to empty the record before loading
# fresh demo data.
PURGE_OPTION = "audit_purge"


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditIsAppendOnly("Audit records cannot be changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _reject_bulk_audit_changes(state) -> None:
    """Reject UPDATE and DELETE statements on the audit table run through a session.

    Bulk statements skip the flush, so the before_flush check does not catch them.
    SQL text and statements run on a bare connection are not checked.
    """
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) != AuditEvent.__tablename__:
        return
    if state.execution_options.get(PURGE_OPTION):
        return
    raise AuditIsAppendOnly("Audit records cannot be changed or deleted")


def record(
    action: str,
    object_type: str | None = None,
    object_id=None,
    call_id: int | None = None,
    detail: str = "",
    user=None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit stores it."""
    actor = user
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditEvent(
        user_id=getattr(actor, "id", None),
        role=getattr(actor, "role", None),
        team_id=getattr(actor, "team_id", None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        call_id=call_id,
        detail=detail[:300],
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
