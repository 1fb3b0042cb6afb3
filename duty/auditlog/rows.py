"""Audit events as a manager reads them: names and labels in place of ids and codes.

An event's detail text is not shown, because each caller of
duty.audit.record() writes its own and nothing checks that it contains no
values from the case or call record. Refused requests are the exception.
Their detail is written only by duty.auth.permissions.refuse(), from the
code's reason and the request's method and path without the query string.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import select

from duty.auditlog.actions import RECORD_LABELS, action_label
from duty.auth.models import ROLE_LABELS, User
from duty.cases.models import Case
from duty.extensions import db
from duty.teams.models import Team

NOT_SIGNED_IN = "Not signed in"


@dataclass(frozen=True)
class AuditRow:
    """One event, ready to show: hrefs are None where the manager has no page."""

    at: datetime
    person: str
    role: str
    action: str
    record: str
    record_href: str | None
    call: str
    call_href: str | None
    address: str


@dataclass
class _Names:
    """Names of the teams, staff and cases that a batch of events refers to."""

    teams: dict[str, str]
    users: dict[str, str]
    case_teams: dict[str, int]


def describe(rows, team_id: int | None, links: bool = True) -> list[AuditRow]:
    """Turn rows of matching_events() into AuditRows for the manager's team.

    A call or case gets a link only when it belongs to the manager's team,
    because the call and case pages refuse anyone else. Set links to False
    where no page shows the rows (the CSV download).
    """
    names = _load_names([row[0] for row in rows])
    described = []
    for event, full_name, call_public_id, call_team_id in rows:
        call_href = None
        if links and call_public_id and call_team_id == team_id:
            call_href = url_for("calls.show_call", public_id=call_public_id)
        record, record_href = _record(event, names, team_id, links)
        if event.object_type == "call" and event.object_id == call_public_id:
            record_href = call_href
        described.append(
            AuditRow(
                at=event.at,
                person=full_name or NOT_SIGNED_IN,
                role=ROLE_LABELS.get(event.role, event.role or ""),
                action=action_label(event.action),
                record=record,
                record_href=record_href,
                call=call_public_id or "",
                call_href=call_href,
                address=event.remote_addr or "",
            )
        )
    return described


def _load_names(events) -> _Names:
    team_ids, user_ids, references = set(), set(), set()
    for event in events:
        if event.object_id is None:
            continue
        if event.object_type == "team":
            team_ids.update(_id_list(event.object_id))
        elif event.object_type == "user" and event.object_id.isdigit():
            user_ids.add(int(event.object_id))
        elif event.object_type == "case":
            references.add(event.object_id)

    teams = db.session.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids)))
    users = db.session.execute(
        select(User.id, User.full_name).where(User.id.in_(user_ids))
    )
    cases = db.session.execute(
        select(Case.reference, Case.team_id).where(Case.reference.in_(references))
    )
    return _Names(
        teams={str(team.id): team.name for team in teams},
        users={str(user.id): user.full_name for user in users},
        case_teams={case.reference: case.team_id for case in cases},
    )


def _id_list(object_id: str) -> list[int]:
    """Return the team ids in "3" or "1,2,3"; "all" and other text give none."""
    parts = object_id.split(",")
    return [int(part) for part in parts if part.isascii() and part.isdigit()]


def _record(event, names: _Names, team_id, links: bool) -> tuple[str, str | None]:
    """Return the label of the event's record and a link to its page, if any.

    A refused request also shows what was refused (see the module docstring).
    """
    record, href = _record_label(event, names, team_id, links)
    if event.action != "refused" or not event.detail:
        return record, href
    if not record:
        return event.detail, href
    return f"{record} ({event.detail})", href


def _record_label(event, names: _Names, team_id, links: bool) -> tuple[str, str | None]:
    kind, object_id = event.object_type, event.object_id
    if kind is None or object_id is None:
        return "", None
    label = RECORD_LABELS.get(kind, kind.replace("_", " ").capitalize())

    if kind == "team":
        if object_id == "all":
            return "All teams", None
        team_names = [names.teams.get(part, part) for part in object_id.split(",")]
        return f"{label}: {', '.join(team_names)}", None
    if kind == "user":
        return f"{label}: {names.users.get(object_id, object_id)}", None
    if kind == "case" and links and names.case_teams.get(object_id) == team_id:
        return f"{label} {object_id}", url_for("cases.show_case", reference=object_id)
    return f"{label} {object_id}", None
