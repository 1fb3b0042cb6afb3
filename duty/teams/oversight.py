"""Figures a manager watches: call volumes and what is slipping."""

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from duty.calls.models import CALLER_TYPES, Call, CallStatus
from duty.cases.models import CaseNote
from duty.csv_cells import escape_formula
from duty.extensions import db
from duty.followups.service import overdue_for_team
from duty.teams.hours import local_moment, to_naive_utc
from duty.teams.line_models import Voicemail
from duty.teams.lines import diversion_checks
from duty.teams.models import Team
from duty.timeutil import to_local


@dataclass
class Series:
    """Counts for one chart and its table, in display order."""

    title: str
    unit: str
    rows: list[tuple[str, int]]

    @property
    def maximum(self) -> int:
        return max((count for _, count in self.rows), default=0)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)


@dataclass
class Slipping:
    """A list of things past their time, with the columns to show."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


# Lists that other areas add to the page. Each check takes the chosen teams,
# the first and last day and the current UTC time, and returns a Slipping.
# Unacknowledged abusive-call record sheets belong here, registered from their
# own area with register_check.
EXTRA_CHECKS: list[Callable[[list[Team], date, date, datetime], Slipping]] = []


def register_check(check: Callable) -> Callable:
    """Add a check to the oversight page; usable as a decorator."""
    EXTRA_CHECKS.append(check)
    return check


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = to_naive_utc(local_moment(first, time.min))
    end = to_naive_utc(local_moment(last + timedelta(days=1), time.min))
    return start, end


def calls_in_period(teams: list[Team], first: date, last: date) -> list[Call]:
    start, end = _bounds(first, last)
    return db.session.scalars(
        select(Call)
        .where(
            Call.team_id.in_([team.id for team in teams]),
            Call.started_at >= start,
            Call.started_at < end,
        )
        .order_by(Call.started_at)
    ).all()


def call_series(calls: list[Call], first: date, last: date) -> list[Series]:
    """Count calls per UK day, per UK hour of the day and per caller type."""
    local_starts = [to_local(call.started_at) for call in calls]
    by_day = Counter(moment.date() for moment in local_starts)
    by_hour = Counter(moment.hour for moment in local_starts)
    by_type = Counter(call.caller_type or "" for call in calls)

    days = []
    day = first
    while day <= last:
        days.append((f"{day:%a %-d %b}", by_day.get(day, 0)))
        day += timedelta(days=1)
    hours = [(f"{hour:02d}:00", by_hour.get(hour, 0)) for hour in range(24)]
    labels = {**CALLER_TYPES, "": "Not yet known"}
    types = [(label, by_type.get(key, 0)) for key, label in labels.items()]
    return [
        Series("Calls per day", "day", days),
        Series("Calls per hour of the day", "hour", hours),
        Series("Calls per caller type", "caller type", types),
    ]


def calls_without_case_note(calls: list[Call]) -> Slipping:
    """List ended calls about a case that have no case note."""
    ids = [
        call.id for call in calls if call.case_id and call.status == CallStatus.ENDED
    ]
    noted = set()
    if ids:
        noted = set(
            db.session.scalars(
                select(CaseNote.call_id).where(CaseNote.call_id.in_(ids))
            ).all()
        )
    slipping = Slipping(
        "no_case_note",
        "Calls without a case note",
        ["Started", "Team", "Case", "Handled by"],
    )
    for call in calls:
        if call.id in ids and call.id not in noted:
            handler = call.handler or call.answered_by
            slipping.rows.append(
                [
                    f"{to_local(call.started_at):%d %b %Y %H:%M}",
                    call.team.name,
                    call.case.reference,
                    handler.full_name,
                ]
            )
    return slipping


def overdue_voicemail(teams: list[Team], now_utc: datetime) -> Slipping:
    rows = db.session.scalars(
        select(Voicemail)
        .where(
            Voicemail.team_id.in_([team.id for team in teams]),
            Voicemail.dealt_at.is_(None),
            Voicemail.due_at < now_utc,
        )
        .order_by(Voicemail.due_at)
    ).all()
    names = {team.id: team.name for team in teams}
    slipping = Slipping(
        "voicemail_overdue", "Voicemail overdue", ["Left", "Team", "Due by"]
    )
    for message in rows:
        slipping.rows.append(
            [
                f"{to_local(message.left_at):%d %b %Y %H:%M}",
                names[message.team_id],
                f"{to_local(message.due_at):%d %b %Y %H:%M}",
            ]
        )
    return slipping


def missed_diversions(teams, first: date, last: date, now_utc: datetime) -> Slipping:
    slipping = Slipping(
        "diversion_missed",
        "Lines not diverted at close or not reopened at opening",
        ["Day", "Team", "Missing", "Due at"],
    )
    for team in teams:
        for check in diversion_checks(team, first, last, now_utc):
            if check.overdue:
                slipping.rows.append(
                    [
                        f"{check.day:%a %-d %b %Y}",
                        team.name,
                        check.label,
                        f"{check.due:%H:%M}",
                    ]
                )
    return slipping


def overdue_follow_ups(teams, now_utc: datetime) -> Slipping:
    """List follow-ups promised on calls that are past their due time."""
    slipping = Slipping(
        "follow_ups_overdue",
        "Follow-ups overdue",
        ["Due", "Team", "Owner", "What"],
    )
    names = {team.id: team.name for team in teams}
    found = [f for team in teams for f in overdue_for_team(team.id, now_utc)]
    for follow_up in sorted(found, key=lambda f: f.due_at):
        slipping.rows.append(
            [
                f"{to_local(follow_up.due_at):%d %b %Y %H:%M}",
                names[follow_up.team_id],
                follow_up.owner.full_name,
                follow_up.kind_label,
            ]
        )
    return slipping


def slipping_lists(teams, first, last, now_utc, calls) -> list[Slipping]:
    """Return every list of things past their time, for the chosen teams."""
    lists = [
        calls_without_case_note(calls),
        overdue_follow_ups(teams, now_utc),
        overdue_voicemail(teams, now_utc),
        missed_diversions(teams, first, last, now_utc),
    ]
    lists.extend(check(teams, first, last, now_utc) for check in EXTRA_CHECKS)
    return lists


def oversight_csv(series: list[Series], slipping: list[Slipping]) -> str:
    """Write the chart figures and the slipping lists as one CSV document."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "count", "details"])
    for chart in series:
        for label, count in chart.rows:
            writer.writerow([chart.title, label, count, ""])
    for found in slipping:
        writer.writerow([found.title, "total", len(found.rows), ""])
        for row in found.rows:
            details = " | ".join(row)
            writer.writerow([found.title, "", "", escape_formula(details)])
    return out.getvalue()
