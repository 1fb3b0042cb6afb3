"""Threats made on a call and the referrals each one needs."""

import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from duty import audit
from duty.calls import service
from duty.calls.models import Call
from duty.extensions import db
from duty.incidents import rules
from duty.incidents.logs import log_duplicate
from duty.incidents.models import ThreatReferral, ThreatReport
from duty.timeutil import utcnow

MANAGER_FIRST = (
    "Discuss the threat with your manager first. "
    "Record that conversation, then contact the departmental security unit for advice"
)


@dataclass
class ThreatOutcome:
    threat: ThreatReport | None = None
    duplicate: bool = False


def _by_form_key(form_key: str) -> ThreatReport | None:
    if not form_key:
        return None
    return db.session.scalar(
        select(ThreatReport).where(ThreatReport.form_key == form_key)
    )


def save_threat(call: Call, user, data: dict, form_key: str) -> ThreatOutcome:
    """Save the threat and raise every referral it needs, urgent ones flagged."""
    existing = _by_form_key(form_key)
    if existing:
        return ThreatOutcome(existing, duplicate=True)
    threat = ThreatReport(
        form_key=form_key or service.new_form_key(),
        call_id=call.id,
        team_id=call.team_id,
        reported_by_id=user.id,
        categories_json=json.dumps(data["categories"]),
        what_was_said=data["what_was_said"],
        establishment=data.get("establishment", ""),
        police=data["police"],
    )

    needed = rules.referrals_for(set(data["categories"]), data["police"])
    for position, referral in enumerate(needed):
        threat.referrals.append(
            ThreatReferral(
                position=position,
                recipient=referral.recipient,
                urgent=referral.urgent,
                after=referral.after,
            )
        )
    db.session.add(threat)

    labels = ", ".join(rules.THREAT_CATEGORIES[key] for key in data["categories"])
    service.add_event(call, user, "threat", f"Threat reported: {labels}")
    audit.record("incident.threat", "threat", threat.public_id, call_id=call.id)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        log_duplicate("threat", call.id)
        return ThreatOutcome(_by_form_key(form_key), duplicate=True)
    if threat.is_urgent:
        current_app.logger.warning(
            "incident.threat urgent report for the security unit",
            extra={"threat_id": threat.id, "team_id": threat.team_id},
        )
    return ThreatOutcome(threat)


def record_referral(referral: ThreatReferral, user, note: str) -> str | None:
    """Record who made a referral and when; return an error if it must wait."""
    if referral.made_at is not None:
        return None
    if referral.after:
        earlier = next(
            r for r in referral.threat.referrals if r.recipient == referral.after
        )
        if earlier.made_at is None:
            return MANAGER_FIRST
    referral.made_at = utcnow()
    referral.made_by_id = user.id
    referral.note = note
    audit.record(
        "incident.referral",
        "threat",
        referral.threat.public_id,
        call_id=referral.threat.call_id,
        detail=referral.recipient,
    )
    db.session.commit()
    return None


def threats_for_team(team_id: int) -> list[ThreatReport]:
    return db.session.scalars(
        select(ThreatReport)
        .where(ThreatReport.team_id == team_id)
        .order_by(ThreatReport.reported_at.desc())
    ).all()
