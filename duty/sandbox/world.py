"""The made-up world of the practice database: teams, staff, cases, and resets.

Everything here works in its own SQLAlchemy session bound to the practice
engine, so practice rows can never be flushed into the live database and
never collide with live rows held by the request's session.
"""

import hashlib
from contextlib import contextmanager
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from duty.auth.models import CALL_ROLES, Role, User
from duty.cases.models import (
    Case,
    CaseAlias,
    CaseNote,
    Representative,
    ThirdParty,
    WrittenAuthority,
)
from duty.extensions import db
from duty.sandbox.binding import PRACTICE_BIND
from duty.sandbox.models import PracticeWorld
from duty.teams.models import Absence, RotaCover, Team
from duty.timeutil import local_today, utcnow

# Made-up staff get ids far above live ids, because each person who
# practises is copied into the practice database under their live id.
# NOTE: this assumes live user ids stay below STAFF_ID_BASE.
STAFF_ID_BASE = 1_900_000_000
UNUSABLE_PASSWORD = "!practice-account"
PRACTICE_TEAM = "north"

TEAMS = {
    "north": {
        "name": "Practice casework North",
        "duty_number": "0113 496 0100",
        "postal_address": "Practice casework North\nPO Box 9001\nLeeds\nLS1 1AA",
    },
    "south": {
        "name": "Practice casework South",
        "duty_number": "020 7946 0200",
        "postal_address": "Practice casework South\nPO Box 9002\nLondon\nSE1 7AA",
    },
}

# key, full name, role, team key, direct line (never given without consent)
STAFF = [
    ("owner_in", "Ruth Ellison", Role.CASE_OWNER, "north", "0113 496 0555"),
    ("owner_away", "Owen Pryce", Role.CASE_OWNER, "north", "0113 496 0556"),
    ("cover", "Mina Desai", Role.CASE_OWNER, "north", "0113 496 0557"),
    ("leader", "Graham Holt", Role.TEAM_LEADER, "north", "0113 496 0558"),
    ("manager", "Joy Adeleke", Role.MANAGER, "north", "0113 496 0559"),
    ("owner_south", "Leon Marsh", Role.CASE_OWNER, "south", "020 7946 0561"),
    ("leader_south", "Beth Carver", Role.TEAM_LEADER, "south", "020 7946 0562"),
]
STAFF_KEYS = {key for key, *_ in STAFF}
STAFF_NAMES = {key: name for key, name, *_ in STAFF}
STAFF_DIRECT_LINES = tuple(line for *_, line in STAFF)


def staff_id(key: str) -> int:
    return STAFF_ID_BASE + [k for k, *_ in STAFF].index(key) + 1


def practice_engine():
    return db.engines[PRACTICE_BIND]


@contextmanager
def practice_session():
    """Yield a session on the practice engine alone, committed on success."""
    with Session(bind=practice_engine(), expire_on_commit=False) as session:
        with session.begin():
            yield session


def schema_fingerprint() -> str:
    """Return a digest of the live schema, to notice when the practice copy is stale."""
    parts = []
    for table in sorted(db.metadatas[None].tables.values(), key=lambda t: t.name):
        columns = ",".join(f"{c.name}:{c.type}" for c in table.columns)
        parts.append(f"{table.name}({columns})")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def reset(by=None, keep_attempts: bool = True) -> None:
    """Rebuild the practice database from nothing but the scenarios.

    Practice calls, notes and audit rows go; the made-up cases come back as
    the scenarios describe them. Attempts and scores stay unless keep_attempts is false.
    """
    engine = practice_engine()
    _drop_tables(engine, keep_attempts)
    db.metadatas[PRACTICE_BIND].create_all(bind=engine)
    db.metadatas[None].create_all(bind=engine)
    with practice_session() as session:
        _seed(session)
        session.execute(delete(PracticeWorld))
        session.add(
            PracticeWorld(
                schema_fingerprint=schema_fingerprint(),
                reset_by_id=getattr(by, "id", None),
                reset_by_name=getattr(by, "full_name", ""),
            )
        )
    current_app.extensions["practice_world"] = schema_fingerprint()
    current_app.logger.info(
        "practice.reset", extra={"user_id": getattr(by, "id", None)}
    )


def _drop_tables(engine, keep_attempts: bool) -> None:
    with engine.connect() as connection:
        sqlite = engine.url.get_backend_name() == "sqlite"
        if sqlite:
            # Teams and users refer to each other, which SQLite cannot drop in
            # any order while the rows are there. The pragma has to run before
            # a transaction opens, so it comes first on this connection.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        db.metadatas[None].drop_all(bind=connection)
        if not keep_attempts:
            db.metadatas[PRACTICE_BIND].drop_all(bind=connection)
        connection.commit()
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def ensure_world() -> None:
    """Build the practice database if it is missing or made for an older schema."""
    fingerprint = schema_fingerprint()
    if current_app.extensions.get("practice_world") == fingerprint:
        return
    db.metadatas[PRACTICE_BIND].create_all(bind=practice_engine())
    with practice_session() as session:
        world = session.scalar(select(PracticeWorld))
    if world is None or world.schema_fingerprint != fingerprint:
        reset()
    current_app.extensions["practice_world"] = fingerprint


def last_reset() -> PracticeWorld | None:
    db.metadatas[PRACTICE_BIND].create_all(bind=practice_engine())
    with practice_session() as session:
        return session.scalar(select(PracticeWorld))


def practice_role(live_role: str) -> str:
    """Return the role someone plays in practice: their own, or case owner."""
    if live_role in {str(role) for role in CALL_ROLES}:
        return live_role
    return str(Role.CASE_OWNER)


def ensure_stand_in(user) -> None:
    """Copy a live user into the practice database under the same id."""
    values = {
        "username": f"live.{user.id}",
        "full_name": user.full_name,
        "password_hash": UNUSABLE_PASSWORD,
        "role": practice_role(user.role),
        "team_id": None,
        "active": True,
        "session_version": 1,
    }
    table = User.__table__
    with practice_session() as session:
        values["team_id"] = session.scalar(
            select(Team.id).where(Team.name == TEAMS[PRACTICE_TEAM]["name"])
        )
        row = session.execute(
            select(*(table.c[name] for name in values)).where(table.c.id == user.id)
        ).first()
        if row is None:
            session.execute(insert(table).values(id=user.id, **values))
        elif row._asdict() != values:
            session.execute(update(table).where(table.c.id == user.id).values(**values))


def _seed(session: Session) -> None:
    from duty.sandbox.scenarios import all_scenarios

    teams = {}
    for key, fields in TEAMS.items():
        teams[key] = Team(**fields)
        session.add(teams[key])
    session.flush()
    for key, name, role, team_key, line in STAFF:
        session.add(
            User(
                id=staff_id(key),
                username=f"practice.{key}",
                full_name=name,
                role=role,
                team_id=teams[team_key].id,
                password_hash=UNUSABLE_PASSWORD,
                direct_line=line,
                direct_line_consent=False,
            )
        )
    session.flush()
    teams["north"].team_leader_id = staff_id("leader")
    teams["south"].team_leader_id = staff_id("leader_south")
    for scenario in all_scenarios().values():
        if scenario.case:
            _add_case(session, scenario.case, teams)
    session.flush()
    for scenario in all_scenarios().values():
        prepare_case(session, scenario)


def _add_case(session: Session, spec: dict, teams: dict) -> None:
    owner = spec.get("owner")
    case = Case(
        reference=spec["reference"],
        given_names=spec["given_names"],
        surname=spec["surname"],
        date_of_birth=spec["date_of_birth"],
        nationality=spec.get("nationality", ""),
        custody_status=spec.get("custody_status"),
        establishment=spec.get("establishment"),
        address=spec.get("address"),
        postcode=spec.get("postcode"),
        last_contact_nature=spec.get("last_contact_nature"),
        team_id=teams[spec["team"]].id,
        owner_id=staff_id(owner) if owner else None,
    )
    for alias in spec.get("aliases", []):
        case.aliases.append(CaseAlias(**alias))
    for rep in spec.get("representatives", []):
        case.representatives.append(Representative(**rep))
    session.add(case)
    session.flush()
    for raw in spec.get("third_parties", []):
        fields = {
            k: v for k, v in raw.items() if k not in ("authority", "letter_days_ago")
        }
        party = ThirdParty(case_id=case.id, **fields)
        if "letter_days_ago" in raw:
            party.letter_sent_on = local_today() - timedelta(
                days=raw["letter_days_ago"]
            )
        session.add(party)
        session.flush()
        if raw.get("authority"):
            session.add(
                WrittenAuthority(
                    case_id=case.id,
                    third_party_id=party.id,
                    signed_on=local_today() - timedelta(days=60),
                    scope="Immigration case progress",
                )
            )
    for body in spec.get("notes", []):
        session.add(
            CaseNote(
                case_id=case.id,
                author_id=case.owner_id or staff_id("leader"),
                body=body,
            )
        )


def prepare_case(session: Session, scenario) -> None:
    """Set a scenario's case dates relative to today, so it plays the same any day."""
    spec = scenario.case
    if not spec:
        return
    case = session.scalar(select(Case).where(Case.reference == spec["reference"]))
    if case is None:
        return
    today = local_today()
    if "last_contact_days_ago" in spec:
        case.last_contact_on = today - timedelta(days=spec["last_contact_days_ago"])
    if "removal_in_hours" in spec:
        case.removal_directions_at = utcnow() + timedelta(
            hours=spec["removal_in_hours"]
        )
    owner = spec.get("owner")
    if owner and spec.get("owner_absent"):
        _mark_absent(session, staff_id(owner), today, spec.get("rota_cover"))


def _mark_absent(
    session: Session, user_id: int, today: date, cover: str | None
) -> None:
    session.execute(delete(Absence).where(Absence.user_id == user_id))
    session.execute(delete(RotaCover).where(RotaCover.absent_user_id == user_id))
    session.add(
        Absence(
            user_id=user_id,
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=1),
            reason="Annual leave",
        )
    )
    if cover:
        team_id = session.scalar(select(User.team_id).where(User.id == user_id))
        session.add(
            RotaCover(
                team_id=team_id,
                on_date=today,
                absent_user_id=user_id,
                cover_user_id=staff_id(cover),
            )
        )


def prepare_scenario(scenario) -> None:
    with practice_session() as session:
        prepare_case(session, scenario)
