"""Drive a call to its handler and through the caller-type flows over HTTP."""

from datetime import date, datetime

from sqlalchemy import select

from duty.audit import AuditEvent
from duty.calls.models import Call
from duty.extensions import db
from tests.calls.helpers import answer, current_step, start, to_reference

# Wednesday 2 December 2026, 10:00 in London (GMT).
FROZEN_NOW = datetime(2026, 12, 2, 10, 0)

OFFENDER_ANSWERS = {
    "full_name": "sean o'brien",
    "nationality": "POLISH",
    "date_of_birth-day": "1",
    "date_of_birth-month": "1",
    "date_of_birth-year": "1980",
    "whereabouts": "held",
    "place": "Northmoor",
    "last_contact_known": "known",
    "last_contact_on-day": "5",
    "last_contact_on-month": "10",
    "last_contact_on-year": "2026",
    "last_contact_nature": "an interview",
    "asked_extra": "no",
}


def freeze(app, moment: datetime = FROZEN_NOW) -> None:
    app.config["FROZEN_NOW"] = moment


def describe_case(case) -> None:
    """Give the world's case the record the offender answers are checked against."""
    case.last_contact_on = date(2026, 10, 5)
    case.last_contact_nature = "Interview at HMP Northmoor"
    db.session.commit()


def reach_handler(client, team, caller_type="offender", reference="B1234567") -> str:
    """Take a call as the case owner, up to the first step of the caller's flow."""
    public_id = start(client, team)
    to_reference(client, public_id, caller_type)
    answer(client, public_id, {"has_reference": "yes", "reference": reference})
    answer(client, public_id, {"enquiry": "Wants an update on the case"})
    answer(client, public_id, {})
    return public_id


def load(public_id) -> Call:
    db.session.expire_all()
    return db.session.scalar(select(Call).where(Call.public_id == public_id))


def step_html(response) -> str:
    """Return the step part of a call response, without the live record."""
    return response.get_data(as_text=True).split('id="call-record"')[0]


def audits(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ).all()


__all__ = ["answer", "current_step", "start"]
