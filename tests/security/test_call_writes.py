"""Writes on the call screen with CSRF protection on, as in production: the
token on htmx posts, a session that ends mid-call, and double submits."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from duty.audit import AuditEvent
from duty.calls.models import Call, CallEvent, CallStatus, CallStep
from duty.extensions import db
from tests.conftest import HX, text_of
from tests.security.helpers import CSRF_ON, csrf_token, post_step, sign_in, start_call

pytestmark = pytest.mark.parametrize("app", CSRF_ON, indirect=True)

NOW = datetime(2026, 12, 7, 10, 0)


def _call(public_id) -> Call:
    db.session.expire_all()
    return db.session.scalars(select(Call).where(Call.public_id == public_id)).one()


def _step_count(call) -> int:
    return db.session.scalar(
        select(func.count(CallStep.id)).where(CallStep.call_id == call.id)
    )


def _to_caller_type(client, public_id):
    assert post_step(client, public_id, "greeting", {}).status_code == 200
    response = post_step(
        client, public_id, "short_questions", {"caller_name": "Seán O'Brien"}
    )
    assert response.status_code == 200


def test_htmx_step_with_the_page_token_is_saved(world, client):
    sign_in(client, "admin")
    public_id = start_call(client, world.team)

    response = post_step(client, public_id, "greeting", {})

    assert response.status_code == 200
    assert "Explain the short questions" in response.text
    assert [s.step_id for s in _call(public_id).steps] == ["greeting"]


@pytest.mark.parametrize("token", ["forged", ""])
def test_htmx_step_with_wrong_or_missing_token_keeps_answers(world, client, token):
    sign_in(client, "admin")
    public_id = start_call(client, world.team)
    post_step(client, public_id, "greeting", {})

    response = post_step(
        client,
        public_id,
        "short_questions",
        {
            "caller_name": "Seán O'Brien",
            "caller_number": "07700 900123",
            "csrf_token": token,
        },
        token=token or "",
    )

    body = text_of(response)
    assert response.status_code == 422
    assert "There is a problem" in body
    assert "Your answers were not saved because the page had expired" in body
    assert 'value="Seán O&#39;Brien"' in response.text
    assert 'value="07700 900123"' in response.text
    assert 'id="step-heading"' in response.text and "<html" not in response.text
    call = _call(public_id)
    assert [s.step_id for s in call.steps] == ["greeting"]
    assert call.caller_name is None
    fresh = csrf_token(response)
    retry = post_step(
        client,
        public_id,
        "short_questions",
        {"caller_name": "Seán O'Brien"},
        token=fresh,
    )
    assert retry.status_code == 200
    assert [s.step_id for s in _call(public_id).steps] == [
        "greeting",
        "short_questions",
    ]


def test_other_writes_without_token_are_refused_and_change_nothing(world, client):
    sign_in(client, "admin")
    public_id = start_call(client, world.team)

    for path in (f"/calls/{public_id}/back", f"/calls/{public_id}/end", "/logout"):
        response = client.post(path, headers=HX)
        assert response.status_code == 400, path
    assert _call(public_id).status == CallStatus.IN_PROGRESS
    assert client.get("/").status_code == 200


def test_session_expiring_mid_call_returns_to_the_same_step(world, app, client):
    app.config.update(FROZEN_NOW=NOW, SESSION_IDLE_MINUTES=30)
    sign_in(client, "admin")
    public_id = start_call(client, world.team)
    _to_caller_type(client, public_id)
    page = client.get(f"/calls/{public_id}")
    token = csrf_token(page)

    app.config["FROZEN_NOW"] = NOW + timedelta(minutes=45)
    response = client.post(
        f"/calls/{public_id}/steps/caller_type",
        data={"caller_type": "representative", "form_key": "k1", "csrf_token": token},
        headers={**HX, "X-CSRFToken": token},
    )

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == f"/login?next=/calls/{public_id}"
    assert response.text == ""
    assert _step_count(_call(public_id)) == 2

    login = sign_in(client, "admin", next_path=f"/calls/{public_id}")
    assert login.status_code == 302
    assert login.headers["Location"] == f"/calls/{public_id}"
    page = client.get(login.headers["Location"])
    body = text_of(page)
    assert "Who is calling" in body
    assert "Your session ended before these answers were saved" in body
    assert 'value="representative" checked' in page.text
    assert "Seán O'Brien" in body  # the record still contains earlier answers
    resent = post_step(
        client, public_id, "caller_type", {"caller_type": "representative"}
    )
    assert resent.status_code == 200
    call = _call(public_id)
    assert call.caller_type == "representative"
    assert call.step == "reference"


def test_draft_of_an_expired_session_is_not_shown_to_someone_else(world, app, client):
    app.config.update(FROZEN_NOW=NOW, SESSION_IDLE_MINUTES=30)
    sign_in(client, "admin")
    public_id = start_call(client, world.team)
    _to_caller_type(client, public_id)
    token = csrf_token(client.get(f"/calls/{public_id}"))
    app.config["FROZEN_NOW"] = NOW + timedelta(minutes=45)
    client.post(
        f"/calls/{public_id}/steps/caller_type",
        data={"caller_type": "press", "csrf_token": token},
        headers={**HX, "X-CSRFToken": token},
    )

    sign_in(client, "owner")

    with client.session_transaction() as session:
        assert "draft" not in session


def test_double_submitted_step_saves_one_answer(world, client):
    sign_in(client, "admin")
    public_id = start_call(client, world.team)
    post_step(client, public_id, "greeting", {})
    page = client.get(f"/calls/{public_id}")
    key, token = _key(page), csrf_token(page)

    first = post_step(
        client,
        public_id,
        "short_questions",
        {"caller_name": "Ann"},
        token=token,
        key=key,
    )
    second = post_step(
        client,
        public_id,
        "short_questions",
        {"caller_name": "Ann"},
        token=token,
        key=key,
    )

    assert first.status_code == second.status_code == 200
    assert "Who is calling" in second.text
    assert _step_count(_call(public_id)) == 2


def test_double_submitted_pass_makes_one_transfer(world, client):
    sign_in(client, "admin")
    public_id = start_call(client, world.team)
    _to_caller_type(client, public_id)
    post_step(client, public_id, "caller_type", {"caller_type": "offender"})
    post_step(
        client,
        public_id,
        "reference",
        {"has_reference": "yes", "reference": "B1234567"},
    )
    post_step(client, public_id, "team_check", {"enquiry": "Travel documents"})
    page = client.get(f"/calls/{public_id}")
    key, token = _key(page), csrf_token(page)

    first = post_step(client, public_id, "route", {}, token=token, key=key)
    second = post_step(client, public_id, "route", {}, token=token, key=key)

    assert first.status_code == second.status_code == 200
    assert "Call passed on" in first.text and "Call passed on" in second.text
    call = _call(public_id)
    assert call.status == CallStatus.PASSED and call.passed_to_id == world.owner.id
    passes = db.session.scalar(
        select(func.count(CallEvent.id)).where(
            CallEvent.call_id == call.id, CallEvent.kind == "passed"
        )
    )
    audited = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "call.pass")
    )
    assert passes == 1
    assert audited == 1
    assert [s.step_id for s in call.steps].count("route") == 1


def _key(page) -> str:
    from tests.conftest import form_key

    return form_key(page)


@pytest.mark.parametrize("headers", [{}, HX])
def test_untokened_step_on_someone_elses_call_refused(world, app, headers):
    admin = app.test_client()
    sign_in(admin, "admin")
    public_id = start_call(admin, world.team)
    manager = app.test_client()
    sign_in(manager, "manager")

    response = manager.post(
        f"/calls/{public_id}/steps/greeting", data={"x": "1"}, headers=headers
    )

    assert response.status_code == 403
    assert _step_count(_call(public_id)) == 0


def test_untokened_step_on_unknown_call_not_found(world, client):
    sign_in(client, "admin")

    response = client.post("/calls/no-such-call/steps/greeting", data={"x": "1"})

    assert response.status_code == 404
