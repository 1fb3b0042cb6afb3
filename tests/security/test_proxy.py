"""Client addresses behind a reverse proxy: believed only when configured."""

import pytest
from sqlalchemy import select

from duty import create_app
from duty.audit import AuditEvent
from duty.extensions import db
from tests.conftest import PASSWORD
from tests.security.helpers import throttled_copy


@pytest.fixture
def behind_proxy(app):
    with throttled_copy(app, TRUSTED_PROXIES=1) as proxied:
        yield proxied


@pytest.fixture
def direct(app):
    with throttled_copy(app, TRUSTED_PROXIES=0) as plain:
        yield plain


def _attempt(app, username, forwarded_for, password="wrong-password-1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.9.9.9"  # the proxy
    return client.post(
        "/login",
        data={"username": username, "password": password},
        headers={"X-Forwarded-For": forwarded_for},
    )


def test_proxy_clients_throttled_apart(world, behind_proxy):
    for name in ("a", "b", "c"):
        assert _attempt(behind_proxy, name, "203.0.113.5").status_code == 200

    blocked = _attempt(behind_proxy, "owner", "203.0.113.5", PASSWORD)
    other_client = _attempt(behind_proxy, "owner", "203.0.113.6", PASSWORD)

    assert blocked.status_code == 429
    assert other_client.status_code == 302


def test_proxy_client_address_audited(world, behind_proxy):
    _attempt(behind_proxy, "owner", "203.0.113.7", PASSWORD)

    db.session.expire_all()
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "login.success")
    ).one()
    assert event.remote_addr == "203.0.113.7"


def test_forwarded_header_ignored_without_proxy(world, direct):
    for number, name in enumerate(("a", "b", "c")):
        assert _attempt(direct, name, f"203.0.113.{number}").status_code == 200

    response = _attempt(direct, "owner", "203.0.113.99", PASSWORD)

    assert response.status_code == 429


def test_only_trusted_hops_believed(world, behind_proxy):
    # A client's own X-Forwarded-For entry comes first; the proxy appends the
    # address it saw, and only that last entry is believed.
    for name in ("a", "b", "c"):
        _attempt(behind_proxy, name, "198.51.100.1, 203.0.113.8")

    response = _attempt(behind_proxy, "owner", "198.51.100.2, 203.0.113.8", PASSWORD)

    assert response.status_code == 429


def test_trusted_proxies_must_be_whole_number(monkeypatch, tmp_path):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TRUSTED_PROXIES", "one")

    with pytest.raises(ValueError, match="TRUSTED_PROXIES must be a whole number"):
        create_app()
