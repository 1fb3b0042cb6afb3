"""The audit record is append-only: no route of the app changes or deletes a row.

Practice requests use the practice database, whose separation from the
live tables tests/sandbox/test_isolation.py checks.
"""

import re

import pytest
from sqlalchemy import delete, select, update

from duty.audit import PURGE_OPTION, AuditEvent, AuditIsAppendOnly
from duty.auditlog.actions import ACTION_LABELS
from duty.calls.models import Call
from duty.extensions import db
from tests.security.helpers import act_as, csrf_token
from tests.security.test_permission_matrix import (
    ANON,
    FORMS,
    MATRIX,
    ROLES,
    TEAM_ARGUMENTS,
    TEAM_FORMS,
    Records,
    _url,
)

CSRF_ON = [{"csrf": True}]


def _seed_record(world) -> None:
    """Store one event of every action, alternating teams, some on a call."""
    call = Call(
        team_id=world.team.id,
        answered_by_id=world.admin.id,
        handler_id=world.admin.id,
        case_id=world.case.id,
    )
    db.session.add(call)
    db.session.commit()
    actors = [world.admin, world.manager, world.other_owner, None]
    for number, action in enumerate(ACTION_LABELS):
        actor = actors[number % len(actors)]
        db.session.add(
            AuditEvent(
                action=action,
                user_id=actor.id if actor else None,
                role=actor.role if actor else None,
                object_type="call" if number % 2 else "case",
                object_id=call.public_id if number % 2 else world.case.reference,
                call_id=call.id if number % 2 else None,
                detail=f"seeded {number}",
                remote_addr="10.0.0.1",
            )
        )
    db.session.commit()


def _snapshot() -> dict[int, tuple]:
    rows = db.session.execute(select(AuditEvent.__table__)).all()
    return {row.id: tuple(row) for row in rows}


@pytest.mark.parametrize("endpoint, method", sorted(MATRIX))
def test_route_leaves_audit_rows_unchanged(app, world, people, endpoint, method):
    users, _ = people
    _seed_record(world)
    before = _snapshot()

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    scopes = ["own", "other"]
    if not rule.arguments & TEAM_ARGUMENTS and endpoint not in TEAM_FORMS:
        scopes = ["own"]
    for scope in scopes:
        for role in ROLES:
            records = Records(app, world, people, scope)
            url, _ = _url(app, endpoint, records)
            client = app.test_client()
            if role != ANON:
                act_as(client, users[role])
            data = {"team_id": records.team.id, **FORMS.get(endpoint, {})}
            client.open(url, method=method, data=data)

    db.session.expire_all()
    after = _snapshot()
    changed = [row_id for row_id, row in before.items() if after.get(row_id) != row]
    assert len(after) >= len(before)
    assert not changed, f"{method} {endpoint} changed audit rows {changed}"


def test_flush_rejects_changed_row(world):
    _seed_record(world)
    event = db.session.scalars(select(AuditEvent)).first()

    event.detail = "rewritten"

    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_flush_rejects_deleted_row(world):
    _seed_record(world)
    event = db.session.scalars(select(AuditEvent)).first()

    db.session.delete(event)

    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEvent).values(detail="rewritten"),
        delete(AuditEvent),
        AuditEvent.__table__.update().values(detail="rewritten"),
        AuditEvent.__table__.delete(),
    ],
    ids=["orm update", "orm delete", "core update", "core delete"],
)
def test_bulk_statement_rejected(world, statement):
    _seed_record(world)
    before = _snapshot()

    with pytest.raises(AuditIsAppendOnly):
        db.session.execute(statement)
    db.session.rollback()

    assert _snapshot() == before


def test_purge_option_only_in_demo_loader():
    from pathlib import Path

    duty = Path(__file__).resolve().parents[2] / "duty"
    users = sorted(
        path.relative_to(duty).as_posix()
        for path in duty.rglob("*.py")
        if "PURGE_OPTION" in path.read_text()
    )

    assert users == ["audit.py", "demo.py"]
    assert PURGE_OPTION == "audit_purge"


def test_search_page_has_no_write_forms(world, login_as):
    client = login_as(world.manager)

    body = client.get("/audit").get_data(as_text=True)

    forms = re.findall(r'<form[^>]*method="(\w+)"[^>]*action="([^"]*)"', body)
    assert sorted(forms) == [("get", "/audit"), ("post", "/logout")]


@pytest.mark.parametrize("app", CSRF_ON, indirect=True)
@pytest.mark.parametrize("path", ["/audit", "/audit.csv"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_audit_pages_refuse_writes(world, client, path, method):
    act_as(client, world.manager)
    token = csrf_token(client.get("/audit"))

    response = client.open(path, method=method, data={"csrf_token": token})

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
