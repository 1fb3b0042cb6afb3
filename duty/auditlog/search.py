"""Filters, team scope and paging for the managers' search of the audit record.

A manager may see an event when at least one of these is true:

- a member of the manager's team did it (the team is stored with the event);
- it happened on a call of the manager's team;
- its record is the team itself (line settings, the log, oversight);
- it is a failed sign-in (no user) to an account now in the team.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.sql import ColumnElement

from duty.audit import AuditEvent
from duty.auditlog.actions import ACTION_LABELS
from duty.auth.models import User
from duty.calls.models import Call
from duty.cases.models import Case
from duty.extensions import db
from duty.guidance.questions import normalise_reference, validate_date
from duty.incidents.export import period_bounds
from duty.teams.formdata import FormReader
from duty.text import fold

PAGE_SIZE = 50
# Counting stops here, so a search over years of events still returns
# quickly. Older events are reached by narrowing the dates.
MAX_COUNTED = 10_000
DATE_PARTS = ("day", "month", "year")


@dataclass(frozen=True)
class AuditFilters:
    """A validated search: empty text and None mean the filter is not used."""

    person: str = ""
    action: str = ""
    record: str = ""
    call: str = ""
    first: date | None = None
    last: date | None = None

    def audit_summary(self) -> str:
        """Name the filters in use for the audit detail, without the typed text.

        Person, record and call can name someone, so only their names appear.
        The action code and the dates are kept.
        """
        used = [name for name in ("person", "record", "call") if getattr(self, name)]
        if self.action:
            used.append(f"action {self.action}")
        if self.first:
            used.append(f"from {self.first.isoformat()}")
        if self.last:
            used.append(f"to {self.last.isoformat()}")
        return ", ".join(used) or "none"


@dataclass
class SearchForm:
    """The filters read from a query string, the typed values and any errors."""

    filters: AuditFilters
    values: dict[str, str]
    errors: list[dict] = field(default_factory=list)

    @property
    def messages(self) -> dict[str, str]:
        """Return the first error message for each field id."""
        found: dict[str, str] = {}
        for error in self.errors:
            found.setdefault(error["href"][1:], error["text"])
        return found


def read_filters(args, today: date) -> SearchForm:
    """Validate the search's query string, keeping every typed value."""
    reader = FormReader(args)
    person = reader.text("person", "the person", required=False)
    if person and not fold(person):
        reader.error("person", "Enter a name or username that has letters or numbers")
    action = reader.choice("action", "an action from the list", ACTION_LABELS, False)
    record = reader.text(
        "record", "the case reference or record id", required=False, max_length=60
    )
    call = reader.text("call", "the call id", required=False, max_length=32)
    first = _read_day(reader, args, "from", "Start date", today)
    last = _read_day(reader, args, "to", "End date", today)
    if first and last and last < first:
        reader.error("to-day", "End date must be the same as or after the start date")

    filters = AuditFilters(person, action or "", record, call, first, last)
    return SearchForm(filters, reader.values, reader.errors)


def _read_day(reader: FormReader, args, name: str, label: str, today: date):
    """Return the date typed in three parts, or None when all three are empty."""
    parts = [args.get(f"{name}-{part}", "").strip() for part in DATE_PARTS]
    for part, value in zip(DATE_PARTS, parts, strict=True):
        reader.values[f"{name}-{part}"] = value
    if not any(parts):
        return None
    iso, message = validate_date(label, *parts, today, past_only=False)
    if message:
        reader.error(f"{name}-day", message)
        return None
    return date.fromisoformat(iso)


def team_scope(team_id: int | None) -> ColumnElement[bool]:
    """Return the condition for the events a manager of the team may see."""
    if team_id is None:
        return false()
    members = select(User.id).where(User.team_id == team_id)
    member_ids = list(db.session.scalars(members))
    # NOTE: a failed sign-in to a known username stores no actor, so it is
    # matched by the account's current team. A failed sign-in with an unknown
    # username names no account (the typed username is not stored), and
    # "login.throttled" names no one, so neither is shown to any manager.
    return or_(
        AuditEvent.team_id == team_id,
        AuditEvent.call_id.in_(select(Call.id).where(Call.team_id == team_id)),
        and_(AuditEvent.object_type == "team", AuditEvent.object_id == str(team_id)),
        and_(
            AuditEvent.user_id.is_(None),
            AuditEvent.object_type == "user",
            AuditEvent.object_id.in_([str(user_id) for user_id in member_ids]),
        ),
    )


def matching_user_ids(person: str) -> list[int]:
    """Return the users whose folded username or name contains the folded text."""
    key = fold(person)
    # NOTE: users have no folded-name column, so every user's name is folded
    # here, at a cost that grows with the number of staff accounts.
    users = db.session.execute(select(User.id, User.username, User.full_name))
    return [
        user.id
        for user in users
        if key in fold(user.username) or key in fold(user.full_name)
    ]


def _person_condition(person: str) -> ColumnElement[bool]:
    user_ids = matching_user_ids(person)
    failed_sign_in_to_account = and_(
        AuditEvent.user_id.is_(None),
        AuditEvent.object_type == "user",
        AuditEvent.object_id.in_([str(user_id) for user_id in user_ids]),
    )
    return or_(AuditEvent.user_id.in_(user_ids), failed_sign_in_to_account)


def _record_condition(typed: str) -> ColumnElement[bool]:
    """Match the record's id, and for a case reference the calls about that case."""
    ids = {typed, normalise_reference(typed)}
    case_ids = select(Case.id).where(Case.reference.in_(ids))
    calls_on_case = select(Call.id).where(Call.case_id.in_(case_ids))
    return or_(AuditEvent.object_id.in_(ids), AuditEvent.call_id.in_(calls_on_case))


def filter_conditions(filters: AuditFilters) -> list[ColumnElement[bool]]:
    """Return the conditions for the filters in use."""
    conditions = []
    if filters.person:
        conditions.append(_person_condition(filters.person))
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.record:
        conditions.append(_record_condition(filters.record))
    if filters.call:
        call_ids = select(Call.id).where(Call.public_id == filters.call)
        conditions.append(AuditEvent.call_id.in_(call_ids))
    if filters.first:
        start, _ = period_bounds(filters.first, filters.first)
        conditions.append(AuditEvent.at >= start)
    if filters.last:
        _, end = period_bounds(filters.last, filters.last)
        conditions.append(AuditEvent.at < end)
    return conditions


def event_conditions(filters: AuditFilters, team_id: int | None) -> list:
    """Return the conditions for events the manager may see that match the filters."""
    return [team_scope(team_id), *filter_conditions(filters)]


def matching_events(conditions: list) -> Select:
    """Return the events that meet the conditions, newest first.

    Each row is the event, the name of who did it, and its call's public id
    and team.
    """
    return (
        select(AuditEvent, User.full_name, Call.public_id, Call.team_id)
        .outerjoin(User, AuditEvent.user_id == User.id)
        .outerjoin(Call, AuditEvent.call_id == Call.id)
        .where(*conditions)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


@dataclass
class ResultPage:
    """One page of matching events, and how many match in all up to MAX_COUNTED."""

    number: int
    rows: list
    counted: int

    @property
    def more_than_counted(self) -> bool:
        return self.counted > MAX_COUNTED

    @property
    def total(self) -> int:
        return min(self.counted, MAX_COUNTED)

    @property
    def pages(self) -> int:
        return page_count(self.counted)

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last_shown(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.rows)


def page_count(counted: int) -> int:
    """Return how many pages the counted events fill; an empty result has one."""
    return max(1, -(-min(counted, MAX_COUNTED) // PAGE_SIZE))


def requested_page(raw: str | None) -> int:
    """Return the requested page number; anything but a positive number gives 1."""
    if raw and raw.isascii() and raw.isdigit() and int(raw) > 0:
        return int(raw)
    return 1


def find_page(filters: AuditFilters, team_id: int | None, number: int) -> ResultPage:
    """Return one page of the matching events; a page past the end shows the last."""
    conditions = event_conditions(filters, team_id)
    capped = select(AuditEvent.id).where(*conditions).limit(MAX_COUNTED + 1)
    counted = db.session.scalar(select(func.count()).select_from(capped.subquery()))
    number = min(number, page_count(counted))
    query = matching_events(conditions).limit(PAGE_SIZE)
    rows = db.session.execute(query.offset((number - 1) * PAGE_SIZE)).all()
    return ResultPage(number, rows, counted)
