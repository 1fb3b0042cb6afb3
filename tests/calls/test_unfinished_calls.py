"""Calls left in progress: the handler resumes or ends them, a team leader closes them."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from duty.audit import AuditEvent
from duty.calls.models import Call, CallEvent, CallStatus, CallStep
from duty.config import load_config
from duty.extensions import db
from tests.calls.handling import freeze
from tests.conftest import login, page, text_of
from tests.security.helpers import CSRF_ON, csrf_token, sign_in

NOW = datetime(2026, 12, 2, 12, 0)
REASON = "The line dropped and Priya has gone home"


def _call(world, minutes_ago, team=None, handler=None, **fields) -> Call:
    """Add a call started some minutes before NOW, with one step answered."""
    handler = handler or world.admin
    started = NOW - timedelta(minutes=minutes_ago)
    call = Call(
        team_id=(team or world.team).id,
        answered_by_id=handler.id,
        handler_id=handler.id,
        started_at=started,
        step="short_questions",
        **fields,
    )
    db.session.add(call)
    db.session.flush()
    db.session.add(
        CallStep(
            call_id=call.id,
            seq=1,
            flow="initial",
            flow_version="5.0-1",
            step_id="greeting",
            step_title="Greet the caller",
            user_id=handler.id,
            form_key=f"key-{call.id}",
            answered_at=started + timedelta(minutes=1),
        )
    )
    db.session.commit()
    return call


def _load(public_id) -> Call:
    db.session.expire_all()
    return db.session.scalar(select(Call).where(Call.public_id == public_id))


def _ids(response) -> set[str]:
    return set(
        re.findall(r'name="calls" type="checkbox" value="([^"]+)"', response.text)
    )


@pytest.fixture
def calls(app, world):
    """Unfinished and other calls of the team, at NOW (default limit 60 minutes)."""
    freeze(app, NOW)
    return {
        "old": _call(world, 120, caller_name="Sean O'Brien", case_id=world.case.id),
        "older": _call(world, 300),
        "fresh": _call(world, 30),
        "edge": _call(world, 60),
        "ended": _call(world, 200, status=CallStatus.ENDED, outcome="ended_early"),
        "passed": _call(
            world,
            200,
            status=CallStatus.PASSED,
            outcome="passed",
            passed_to_id=world.owner.id,
        ),
    }


def test_stale_minutes_default_and_setting(tmp_path, monkeypatch):
    monkeypatch.delenv("CALL_STALE_MINUTES", raising=False)
    assert load_config(str(tmp_path))["CALL_STALE_MINUTES"] == 60

    monkeypatch.setenv("CALL_STALE_MINUTES", "90")
    assert load_config(str(tmp_path))["CALL_STALE_MINUTES"] == 90


@pytest.mark.parametrize("value", ["0", "-5", "an hour", ""])
def test_stale_minutes_invalid_setting_stops_start(tmp_path, monkeypatch, value):
    monkeypatch.setenv("CALL_STALE_MINUTES", value)

    with pytest.raises(ValueError, match="CALL_STALE_MINUTES must be a whole number"):
        load_config(str(tmp_path))


def test_handler_sees_own_calls_to_resume_or_end(calls, world, login_as):
    client = login_as(world.admin)
    old = calls["old"].public_id

    for path in ("/", "/calls/incoming"):
        response = client.get(path)
        body = response.text
        assert "Your calls in progress" in body, path
        assert f'href="/calls/{old}"' in body, path
        assert f'href="/calls/{old}/end"' in body, path
        assert f'href="/calls/{calls["ended"].public_id}"' not in body, path
        assert f'href="/calls/{calls["passed"].public_id}"' not in body, path
        page(response)


def test_other_staff_do_not_see_handlers_calls(calls, world, login_as):
    client = login_as(world.owner)

    body = client.get("/").text

    assert "Your calls in progress" not in body
    assert calls["old"].public_id not in body


def test_handler_ends_own_call_from_home(calls, world, login_as):
    client = login_as(world.admin)
    public_id = calls["old"].public_id

    client.post(f"/calls/{public_id}/end", data={"reason": "Caller hung up"})

    assert _load(public_id).status == CallStatus.ENDED
    assert public_id not in client.get("/").text


def test_leader_list_shows_only_stale_team_calls(calls, world, build, login_as):
    other_admin = build.user("admin.mid", "admin_officer", world.other)
    other = _call(world, 500, team=world.other, handler=other_admin)
    client = login_as(world.leader)

    response = client.get("/calls/unfinished")

    assert response.status_code == 200
    assert _ids(response) == {calls["old"].public_id, calls["older"].public_id}
    assert calls["edge"].public_id not in response.text
    assert other.public_id not in response.text
    assert "more than 60 minutes" in text_of(response)
    assert "Greet the caller" in text_of(response)
    page(response)
    viewed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "calls.unfinished_view")
    ).all()
    assert [(v.user_id, v.object_id) for v in viewed] == [
        (world.leader.id, str(world.team.id))
    ]


def test_leader_list_follows_stale_minutes(calls, app, world, login_as):
    app.config["CALL_STALE_MINUTES"] = 150
    client = login_as(world.manager)

    response = client.get("/calls/unfinished")

    assert _ids(response) == {calls["older"].public_id}
    assert "more than 150 minutes" in text_of(response)


def test_leader_home_links_to_unfinished(calls, world, login_as):
    client = login_as(world.leader)

    body = text_of(client.get("/"))

    assert "2 calls in progress for more than 60 minutes" in body


def test_owner_cannot_list_or_close_unfinished(calls, world, login_as):
    client = login_as(world.owner)
    public_id = calls["old"].public_id

    listed = client.get("/calls/unfinished")
    closed = client.post(
        "/calls/unfinished", data={"calls": [public_id], "reason": REASON}
    )

    assert listed.status_code == 403
    assert closed.status_code == 403
    assert _load(public_id).status == CallStatus.IN_PROGRESS


def test_close_several_ends_them_and_keeps_steps(calls, world, login_as):
    client = login_as(world.leader)
    chosen = [calls["old"].public_id, calls["older"].public_id]

    response = client.post(
        "/calls/unfinished",
        data={"calls": chosen, "reason": REASON},
        follow_redirects=True,
    )

    assert "Closed 2 calls as unfinished." in text_of(response)
    for public_id in chosen:
        call = _load(public_id)
        assert call.status == CallStatus.ENDED
        assert call.outcome == "closed_unfinished"
        assert call.ended_at == NOW
        assert [s.step_id for s in call.live_steps()] == ["greeting"]
        assert call.events[-1].kind == "closed_unfinished"
        assert call.events[-1].detail == REASON
        assert call.events[-1].user_id == world.leader.id
    assert _load(calls["edge"].public_id).status == CallStatus.IN_PROGRESS


def test_close_is_audited_with_reason(calls, world, login_as):
    client = login_as(world.manager)
    call = calls["old"]

    client.post("/calls/unfinished", data={"calls": [call.public_id], "reason": REASON})

    audited = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "call.close_unfinished")
    ).all()
    assert len(audited) == 1
    assert audited[0].object_id == call.public_id
    assert audited[0].call_id == call.id
    assert audited[0].user_id == world.manager.id
    assert audited[0].detail == f"reason: {REASON}"


def test_close_nothing_selected_shows_error(calls, world, login_as):
    client = login_as(world.leader)

    response = client.post("/calls/unfinished", data={"reason": REASON})
    body = response.text

    assert response.status_code == 422
    assert "There is a problem" in body
    assert '<a href="#calls">Select the calls to close</a>' in body
    assert 'id="calls" name="calls"' in body
    assert REASON in body
    assert page(response).title.startswith("Error:")


def test_close_without_reason_keeps_ticks(calls, world, login_as):
    client = login_as(world.leader)
    chosen = [calls["old"].public_id, calls["older"].public_id]

    response = client.post("/calls/unfinished", data={"calls": chosen, "reason": " "})
    ticked = re.findall(r'value="([^"]+)" checked', response.text)

    assert response.status_code == 422
    assert '<a href="#reason">Enter why the calls are being closed</a>' in response.text
    assert sorted(ticked) == sorted(chosen)
    assert _load(calls["old"].public_id).status == CallStatus.IN_PROGRESS


def test_close_with_nothing_given_lists_both_errors(calls, world, login_as):
    client = login_as(world.leader)

    response = client.post("/calls/unfinished", data={})
    body = text_of(response)

    assert response.status_code == 422
    assert "Select the calls to close" in body
    assert "Enter why the calls are being closed" in body


def test_close_reason_too_long_is_error(calls, world, login_as):
    client = login_as(world.leader)

    response = client.post(
        "/calls/unfinished",
        data={"calls": [calls["old"].public_id], "reason": "x" * 501},
    )

    assert response.status_code == 422
    assert "The reason must be 500 characters or fewer" in text_of(response)


def test_close_skips_call_no_longer_listed(calls, world, login_as):
    client = login_as(world.leader)
    chosen = [
        calls["old"].public_id,
        calls["ended"].public_id,
        calls["fresh"].public_id,
    ]

    response = client.post(
        "/calls/unfinished",
        data={"calls": chosen, "reason": REASON},
        follow_redirects=True,
    )
    body = text_of(response)

    assert "Closed 1 call as unfinished." in body
    assert "2 of the ticked calls were not closed" in body
    assert _load(calls["ended"].public_id).outcome == "ended_early"
    assert _load(calls["fresh"].public_id).status == CallStatus.IN_PROGRESS


def test_close_ignores_other_teams_call(calls, world, build, login_as):
    other_admin = build.user("admin.mid", "admin_officer", world.other)
    other = _call(world, 500, team=world.other, handler=other_admin)
    client = login_as(world.leader)

    client.post(
        "/calls/unfinished", data={"calls": [other.public_id], "reason": REASON}
    )

    assert _load(other.public_id).status == CallStatus.IN_PROGRESS


def test_close_one_page_shows_call_and_form(calls, world, login_as):
    client = login_as(world.leader)
    public_id = calls["old"].public_id

    response = client.get(f"/calls/{public_id}/close-unfinished")
    body = text_of(response)

    assert response.status_code == 200
    assert "Close an unfinished call" in body
    assert "B1234567" in body
    assert "Greet the caller" in body
    assert "Close the call" in body
    page(response)


def test_close_one_needs_a_reason(calls, world, login_as):
    client = login_as(world.leader)
    public_id = calls["old"].public_id

    response = client.post(f"/calls/{public_id}/close-unfinished", data={"reason": ""})

    assert response.status_code == 422
    assert '<a href="#reason">Enter why the call is being closed</a>' in response.text
    assert _load(public_id).status == CallStatus.IN_PROGRESS


def test_close_one_ends_the_call(calls, world, login_as):
    client = login_as(world.leader)
    public_id = calls["old"].public_id

    response = client.post(
        f"/calls/{public_id}/close-unfinished", data={"reason": REASON}
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/calls/unfinished")
    assert _load(public_id).outcome == "closed_unfinished"


def test_close_one_refuses_fresh_call(calls, world, login_as):
    client = login_as(world.leader)
    public_id = calls["fresh"].public_id

    shown = text_of(client.get(f"/calls/{public_id}/close-unfinished"))
    posted = client.post(
        f"/calls/{public_id}/close-unfinished",
        data={"reason": REASON},
        follow_redirects=True,
    )

    assert "in progress for less than 60 minutes" in shown
    assert "Close the call" not in shown
    assert "The call was not closed" in text_of(posted)
    assert _load(public_id).status == CallStatus.IN_PROGRESS


def test_close_one_refuses_other_team_leader(calls, world, build, login_as):
    outsider = build.user("leader.mid", "team_leader", world.other)
    client = login_as(outsider)
    public_id = calls["old"].public_id

    shown = client.get(f"/calls/{public_id}/close-unfinished")
    posted = client.post(
        f"/calls/{public_id}/close-unfinished", data={"reason": REASON}
    )

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert _load(public_id).status == CallStatus.IN_PROGRESS


def test_closed_call_page_says_who_and_why(calls, world, app, login_as):
    client = login_as(world.leader)
    public_id = calls["old"].public_id
    client.post(f"/calls/{public_id}/close-unfinished", data={"reason": REASON})

    body = text_of(client.get(f"/calls/{public_id}"))

    assert "Outcome: Closed unfinished" in body
    assert f"Closed by Marcus Reid on 2 December 2026 at 12:00, because: {REASON}" in (
        body
    )
    assert "Greet the caller" in body


def test_handler_cannot_carry_on_closed_call(calls, world, app, login_as):
    leader = app.test_client()
    login(leader, "leader")
    public_id = calls["old"].public_id
    leader.post(f"/calls/{public_id}/close-unfinished", data={"reason": REASON})
    client = login_as(world.admin)

    body = text_of(client.get(f"/calls/{public_id}"))

    assert "Call ended" in body
    assert "End call" not in body
    assert calls["old"].public_id not in client.get("/").text


def test_leader_sees_close_link_on_stale_call(calls, world, login_as):
    client = login_as(world.leader)

    stale = client.get(f"/calls/{calls['old'].public_id}").text
    fresh = client.get(f"/calls/{calls['fresh'].public_id}").text

    assert f"/calls/{calls['old'].public_id}/close-unfinished" in stale
    assert "close-unfinished" not in fresh


def test_log_and_csv_show_closed_label(calls, world, login_as):
    client = login_as(world.leader)
    public_id = calls["old"].public_id
    client.post(f"/calls/{public_id}/close-unfinished", data={"reason": REASON})

    log = client.get("/calls/log?from=2026-12-01&to=2026-12-02")
    filtered = client.get(
        "/calls/log?from=2026-12-01&to=2026-12-02&outcome=closed_unfinished"
    )
    exported = client.get("/calls/log.csv?from=2026-12-01&to=2026-12-02")
    rows = list(csv.DictReader(io.StringIO(exported.text)))

    assert '<strong class="govuk-tag govuk-tag--grey">Closed unfinished</strong>' in (
        log.text
    )
    assert "1 calls from" in text_of(filtered)
    assert [r["outcome"] for r in rows].count("Closed unfinished") == 1


@pytest.mark.parametrize("app", CSRF_ON, indirect=True)
def test_close_needs_csrf_token(app, world, client):
    freeze(app, NOW)
    call = _call(world, 120)
    sign_in(client, "leader")
    token = csrf_token(client.get("/calls/unfinished"))
    data = {"calls": [call.public_id], "reason": REASON}

    forged = client.post("/calls/unfinished", data={**data, "csrf_token": "forged"})
    single = client.post(f"/calls/{call.public_id}/close-unfinished", data=data)
    status_after_refusal = _load(call.public_id).status
    sent = client.post("/calls/unfinished", data={**data, "csrf_token": token})

    assert forged.status_code == 400
    assert single.status_code == 400
    assert status_after_refusal == CallStatus.IN_PROGRESS
    assert sent.status_code == 303
    assert _load(call.public_id).status == CallStatus.ENDED
    assert db.session.scalars(select(CallEvent.kind)).all()[-1] == "closed_unfinished"
