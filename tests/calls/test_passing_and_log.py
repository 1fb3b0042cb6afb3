import csv
import io

from duty.audit import AuditEvent
from duty.calls.models import Call, CallStatus
from duty.extensions import db
from tests.calls.helpers import answer, current_step, start, to_reference
from tests.conftest import HX, login, text_of


def _passed_call(client, world) -> str:
    public_id = start(client, world.team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    answer(client, public_id, {"enquiry": "Asking when the travel document is due"})
    answer(client, public_id, {})
    return public_id


def test_passed_call_arrives_on_owners_incoming_with_what_was_captured(world, app):
    admin_client = app.test_client()
    login(admin_client, "admin")
    public_id = _passed_call(admin_client, world)
    owner_client = app.test_client()
    login(owner_client, "owner")

    incoming = text_of(owner_client.get("/calls/incoming"))
    owner_client.post(f"/calls/{public_id}/take")
    screen = text_of(owner_client.get(f"/calls/{public_id}"))

    assert "Sean O'Brien" in incoming
    assert "B1234567" in incoming
    assert "Asking when the travel document is due" in screen
    assert "07700 900123" in screen
    db.session.expire_all()
    call = db.session.query(Call).filter_by(public_id=public_id).one()
    assert call.status == CallStatus.IN_PROGRESS
    assert call.handler_id == world.owner.id


def test_second_taker_is_told_who_took_the_call(world, app):
    admin_client = app.test_client()
    login(admin_client, "admin")
    public_id = _passed_call(admin_client, world)
    owner_client, leader_client = app.test_client(), app.test_client()
    login(owner_client, "owner")
    login(leader_client, "leader")

    owner_client.post(f"/calls/{public_id}/take")
    late = leader_client.post(f"/calls/{public_id}/take", follow_redirects=True)

    assert "Tom O'Connor has already taken this call" in text_of(late)
    db.session.expire_all()
    assert (
        db.session.query(Call).filter_by(public_id=public_id).one().handler_id
        == world.owner.id
    )


def test_case_owner_of_another_team_cannot_take_or_see_the_call(world, app):
    admin_client = app.test_client()
    login(admin_client, "admin")
    public_id = _passed_call(admin_client, world)
    outsider = app.test_client()
    login(outsider, "owner.mid")

    assert outsider.get(f"/calls/{public_id}").status_code == 403
    assert outsider.post(f"/calls/{public_id}/take").status_code == 403
    refused = db.session.query(AuditEvent).filter_by(action="refused").count()
    assert refused == 2


def test_passed_call_is_on_the_log_and_its_csv(world, login_as):
    client = login_as(world.admin)
    _passed_call(client, world)

    log = text_of(client.get("/calls/log"))
    exported = client.get("/calls/log.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))

    assert "Passed to case handler" in log
    assert exported.mimetype == "text/csv"
    assert {
        "started_at",
        "team",
        "handler",
        "caller_type",
        "case_reference",
        "outcome",
        "passed_to",
    } <= set(rows[0])
    assert rows[0]["case_reference"] == "B1234567"
    assert rows[0]["passed_to"] == "Tom O'Connor"
    assert rows[0]["handler"] == "Priya Shah"
    assert rows[0]["outcome"] == "Passed to case handler"
    assert rows[0]["caller_type"] == "Foreign national offender"


def test_log_with_end_before_start_shows_error(world, login_as):
    client = login_as(world.admin)

    response = client.get("/calls/log?from=2026-12-04&to=2026-12-01")

    assert response.status_code == 422
    assert "The end date must be the same as or after the start date" in text_of(
        response
    )


def test_back_returns_to_previous_step_with_its_answers(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    client.post(f"/calls/{public_id}/back", headers=HX)

    assert current_step(client, public_id) == "caller_type"
    body = client.get(f"/calls/{public_id}").get_data(as_text=True)
    assert 'value="offender" checked' in body


def test_reanswering_a_step_supersedes_later_answers(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)
    client.post(f"/calls/{public_id}/back", headers=HX)

    answer(client, public_id, {"caller_type": "press"})

    db.session.expire_all()
    call = db.session.query(Call).filter_by(public_id=public_id).one()
    assert call.caller_type == "press"
    assert [s.step_id for s in call.live_steps()] == [
        "greeting",
        "short_questions",
        "caller_type",
    ]
    assert current_step(client, public_id) == "press"


def test_end_call_keeps_what_was_captured(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    client.post(f"/calls/{public_id}/end", data={"reason": "Caller hung up"})

    db.session.expire_all()
    call = db.session.query(Call).filter_by(public_id=public_id).one()
    assert call.status == CallStatus.ENDED
    assert call.outcome == "ended_early"
    assert call.caller_name == "Sean O'Brien"
    assert len(call.live_steps()) == 3


def test_step_answers_survive_a_new_app_instance(world, login_as, app):
    from duty import create_app

    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)
    restarted = create_app(dict(app.config))

    with restarted.test_client() as fresh:
        login(fresh, "admin")
        body = text_of(fresh.get(f"/calls/{public_id}"))

    assert "Ask for the Home Office reference" in body
    assert "Sean O'Brien" in body


def test_htmx_step_returns_partial_and_record_out_of_band(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)

    partial = client.get(f"/calls/{public_id}", headers=HX)
    whole = client.get(f"/calls/{public_id}")

    assert "<html" not in partial.get_data(as_text=True)
    assert (
        'id="call-record" class="app-record" aria-labelledby="record-heading" hx-swap-oob="true"'
        in partial.get_data(as_text=True)
    )
    assert "<html" in whole.get_data(as_text=True)
    assert "HX-Request" in partial.headers["Vary"]


def test_step_without_javascript_redirects_to_the_call(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)

    response = answer(client, public_id, {}, htmx=False)

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/calls/{public_id}")


def test_incoming_list_refreshes_as_a_partial(world, app):
    admin_client = app.test_client()
    login(admin_client, "admin")
    _passed_call(admin_client, world)
    owner_client = app.test_client()
    login(owner_client, "owner")

    partial = owner_client.get("/calls/incoming", headers=HX)
    whole = owner_client.get("/calls/incoming")

    assert partial.get_data(as_text=True).lstrip().startswith('<div id="incoming-list"')
    assert "Take call" in partial.get_data(as_text=True)
    assert "<html" in whole.get_data(as_text=True)


def test_call_actions_are_cleared_when_the_call_ends_in_place(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id, caller_type="press")

    response = answer(client, public_id, {"press_referred": "yes"})

    body = response.get_data(as_text=True)
    actions = body[body.index('<div id="call-actions"') :]
    assert 'hx-swap-oob="true"' in actions.split(">", 1)[0]
    assert "End call" not in actions


def test_first_step_offers_no_back_button(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)

    page = client.get(f"/calls/{public_id}").get_data(as_text=True)

    assert "Back to previous step" not in page
    assert "End call" in page
