"""Collated abusive call records for the health and safety department."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from duty.calls.models import CALLER_TYPES
from duty.csv_cells import escape_formula
from duty.extensions import db
from duty.incidents.models import AbuseSheet
from duty.timeutil import LONDON, format_local

# Caller names and numbers stay out of the file: the case reference lets the
# health and safety department ask the team for more.
COLUMNS = [
    "sheet",
    "call_started",
    "team",
    "completed_by",
    "caller_type",
    "case_reference",
    "held_at",
    "behaviours",
    "warning_given",
    "call_ended_for_abuse",
    "threat_made",
    "sent_to",
    "acknowledged",
]


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Return naive UTC bounds for UK days first to last inclusive (end exclusive)."""
    start = datetime.combine(first, time.min, LONDON).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, LONDON).astimezone(UTC)
    return start.replace(tzinfo=None), end.replace(tzinfo=None)


def sheets_in_period(team_ids: list[int], first: date, last: date) -> list[AbuseSheet]:
    """Return the sheets for calls started on the given UK days, oldest first."""
    start, end = period_bounds(first, last)
    return db.session.scalars(
        select(AbuseSheet)
        .where(
            AbuseSheet.team_id.in_(team_ids),
            AbuseSheet.occurred_at >= start,
            AbuseSheet.occurred_at < end,
        )
        .order_by(AbuseSheet.occurred_at, AbuseSheet.id)
    ).all()


def _when(moment) -> str:
    return format_local(moment, "%Y-%m-%d %H:%M")


def to_csv(sheets: list[AbuseSheet]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for sheet in sheets:
        row = [
            sheet.reference,
            _when(sheet.occurred_at),
            sheet.team.name,
            sheet.completed_by.full_name,
            CALLER_TYPES.get(sheet.caller_type, ""),
            sheet.case.reference if sheet.case else "",
            sheet.establishment,
            "; ".join(sheet.behaviour_labels),
            _when(sheet.warning_at),
            _when(sheet.terminated_at),
            "yes" if sheet.threat_made else "no",
            sheet.assistant_director.full_name if sheet.assistant_director else "",
            _when(sheet.acknowledged_at),
        ]
        writer.writerow([escape_formula(value) for value in row])
    return out.getvalue()
