"""The oversight page's list of record sheets not yet acknowledged."""

from datetime import date, datetime

from sqlalchemy import select

from duty.extensions import db
from duty.incidents.export import period_bounds
from duty.incidents.models import AbuseSheet
from duty.teams.oversight import Slipping, register_check
from duty.timeutil import format_local


@register_check
def unacknowledged_sheets(teams, first: date, last: date, now: datetime) -> Slipping:
    """List abusive-call record sheets in the period that nobody has acknowledged."""
    start, end = period_bounds(first, last)
    sheets = db.session.scalars(
        select(AbuseSheet)
        .where(
            AbuseSheet.team_id.in_([team.id for team in teams]),
            AbuseSheet.occurred_at >= start,
            AbuseSheet.occurred_at < end,
            AbuseSheet.acknowledged_at.is_(None),
        )
        .order_by(AbuseSheet.occurred_at)
    ).all()
    rows = [
        [
            format_local(sheet.occurred_at),
            sheet.team.name,
            sheet.assistant_director.full_name
            if sheet.assistant_director
            else "Not sent",
        ]
        for sheet in sheets
    ]
    return Slipping(
        "unacknowledged_sheets",
        "Abusive-call record sheets not yet acknowledged",
        ["Call at", "Team", "Sent to"],
        rows,
    )
