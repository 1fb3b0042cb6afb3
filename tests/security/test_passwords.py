"""Passwords: Argon2id with rehash on login, the password rules, throttling
per account and per address, and an audit record of every attempt."""

import logging

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from duty.audit import AuditEvent
from duty.auth.models import User
from duty.auth.passwords import (
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from duty.extensions import db
from tests.conftest import PASSWORD, login
from tests.security.helpers import throttled_copy


def test_hashes_are_argon2id_with_current_parameters():
    stored = hash_password("a long enough secret")

    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(stored, "a long enough secret")
    assert not verify_password(stored, "a long enough secreT")
    assert not verify_password("not a hash", "anything")
    assert not needs_rehash(stored)


def test_login_rehashes_a_hash_made_with_weaker_parameters(world, client):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    world.admin.password_hash = weak
    db.session.commit()
    assert needs_rehash(weak)

    assert login(client, "admin").status_code == 302

    db.session.expire_all()
    stored = db.session.get(User, world.admin.id).password_hash
    assert stored != weak
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(stored, PASSWORD)


def test_failed_login_does_not_rehash(world, client):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    world.admin.password_hash = weak
    db.session.commit()

    login(client, "admin", "not-the-password")

    db.session.expire_all()
    assert db.session.get(User, world.admin.id).password_hash == weak


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short-one", f"Password must be {MIN_LENGTH} characters or more"),
        ("x" * (MIN_LENGTH - 1), f"Password must be {MIN_LENGTH} characters or more"),
        ("Password1234", "Password is too common. Choose a different password"),
        ("QWERTY123456", "Password is too common. Choose a different password"),
        ("x" * MIN_LENGTH, None),
        ("tea-kettle-on-the-hob", None),
    ],
)
def test_password_rules(password, problem):
    assert password_problem(password) == problem


@pytest.fixture
def throttled_app(app):
    """A second app on the same database with login throttling on: 3 per 5 minutes."""
    with throttled_copy(app) as throttled:
        yield throttled


def _attempt(app, username, address, password="wrong-password-1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/login", data={"username": username, "password": password})


def test_login_is_throttled_per_account_across_addresses(world, throttled_app):
    for n in range(3):
        assert _attempt(throttled_app, "admin", f"10.0.0.{n}").status_code == 200

    response = _attempt(throttled_app, "Admin ", "10.0.1.1", PASSWORD)

    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert _attempt(throttled_app, "owner", "10.0.1.1", PASSWORD).status_code == 302


def test_login_is_throttled_per_address_across_accounts(world, throttled_app):
    for name in ("a", "b", "c"):
        assert _attempt(throttled_app, name, "10.0.0.9").status_code == 200

    assert _attempt(throttled_app, "owner", "10.0.0.9", PASSWORD).status_code == 429
    assert _attempt(throttled_app, "owner", "10.0.0.10", PASSWORD).status_code == 302


def _audit(action):
    db.session.expire_all()
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ).all()


def test_every_login_attempt_is_audited_without_the_password(
    world, throttled_app, caplog
):
    caplog.set_level(logging.DEBUG)
    secret = "typed-into-the-wrong-box"
    _attempt(throttled_app, "admin", "10.0.0.1", PASSWORD)
    _attempt(throttled_app, "admin", "10.0.0.2", secret)
    _attempt(throttled_app, secret, "10.0.0.3", secret)
    _attempt(throttled_app, "admin", "10.0.0.4", secret)
    _attempt(throttled_app, "admin", "10.0.0.5", secret)
    _attempt(throttled_app, "admin", "10.0.0.6", secret)

    success, failures, throttled = (
        _audit("login.success"),
        _audit("login.failure"),
        _audit("login.throttled"),
    )
    assert [(e.user_id, e.remote_addr) for e in success] == [
        (world.admin.id, "10.0.0.1")
    ]
    admin_id = str(world.admin.id)
    assert [(e.object_id, e.remote_addr) for e in failures] == [
        (admin_id, "10.0.0.2"),
        (None, "10.0.0.3"),
        (admin_id, "10.0.0.4"),
        (admin_id, "10.0.0.5"),
    ]
    assert [e.remote_addr for e in throttled] == ["10.0.0.6"]
    everything = " ".join(
        f"{e.action} {e.object_id} {e.detail}"
        for e in db.session.scalars(select(AuditEvent))
    )
    assert secret not in everything
    assert PASSWORD not in everything
    assert secret not in caplog.text
    assert PASSWORD not in caplog.text


def test_successful_sign_ins_do_not_use_up_the_limit(world, throttled_app):
    for _ in range(5):
        assert (
            _attempt(throttled_app, "admin", "10.0.0.20", PASSWORD).status_code == 302
        )

    assert _attempt(throttled_app, "owner", "10.0.0.20", PASSWORD).status_code == 302
