"""Response headers: a strict Content-Security-Policy, no caching of pages
with personal data, and Vary where one URL answers with page or partial."""

import html
import re

import pytest

from tests.calls.helpers import start
from tests.conftest import HX


def _policy(response) -> dict[str, list[str]]:
    policy = {}
    for directive in response.headers["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


@pytest.fixture
def call_page(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    return client, public_id


def test_policy_allows_no_inline_script_plugins_or_base(call_page):
    client, public_id = call_page
    response = client.get(f"/calls/{public_id}")

    policy = _policy(response)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce.group(1)}'"]
    assert policy["style-src"] == ["'self'"]
    for values in policy.values():
        assert "'unsafe-inline'" not in values
        assert "'unsafe-eval'" not in values
        assert (
            "*" not in values and "data:" not in values or values == ["'self'", "data:"]
        )


def test_every_inline_script_carries_this_responses_nonce(call_page):
    client, public_id = call_page
    first = client.get(f"/calls/{public_id}")
    second = client.get(f"/calls/{public_id}")

    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"])[1]
    other = re.search(r"'nonce-([^']+)'", second.headers["Content-Security-Policy"])[1]
    assert nonce != other
    scripts = re.findall(r"<script\b[^>]*>", first.text)
    inline = [tag for tag in scripts if "src=" not in tag]
    assert inline, "the GOV.UK body script is expected inline"
    assert all(f'nonce="{nonce}"' in tag for tag in inline), inline
    assert not re.search(r"\son[a-z]+=", first.text), "inline event handler found"
    assert "hx-on" not in first.text


def test_htmx_is_configured_for_the_policy_and_no_history_cache(call_page):
    client, public_id = call_page
    body = html.unescape(client.get(f"/calls/{public_id}").text)

    assert '"includeIndicatorStyles":false' in body
    assert '"allowEval":false' in body
    assert '"historyCacheSize":0' in body
    assert 'hx-history="false"' in body


@pytest.mark.parametrize("headers", [{}, HX])
def test_call_pages_are_not_stored_and_vary_on_htmx(call_page, headers):
    client, public_id = call_page
    response = client.get(f"/calls/{public_id}", headers=headers)

    assert response.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in response.vary
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_partial_and_page_differ_on_the_same_url(call_page):
    client, public_id = call_page
    page = client.get(f"/calls/{public_id}").text
    partial = client.get(f"/calls/{public_id}", headers=HX).text

    assert "<html" in page
    assert "<html" not in partial
    assert 'id="call-record"' in partial
    assert 'hx-swap-oob="true"' in partial


@pytest.mark.parametrize("path", ["/login", "/", "/cases/B1234567", "/calls/log"])
def test_pages_with_personal_data_are_not_stored(world, login_as, path):
    client = login_as(world.manager)

    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/app/app.css")

    assert response.headers.get("Cache-Control") != "no-store"
