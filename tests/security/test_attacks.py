"""Attacks tried against the app: open redirects, reading other teams' calls,
script in free text, SQL in searches, and stepping outside one's role."""

import re

import pytest
from sqlalchemy import select

from duty.auth.models import Role
from duty.calls.models import Call, CallStatus
from duty.extensions import db
from duty.letters.moves import transfer_case
from duty.timeutil import utcnow
from duty.web import safe_next
from tests.calls.helpers import answer, current_step, start, to_reference
from tests.conftest import HX, login

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" autofocus onfocus="alert(2)'


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "\\\\evil.example",
    ],
)
def test_next_outside_the_site_is_ignored(target):
    assert safe_next(target) is None


def test_next_inside_the_site_is_kept():
    assert safe_next("/calls/abc?x=1") == "/calls/abc?x=1"


def test_login_does_not_redirect_off_site(world, client):
    response = client.post(
        "/login?next=/%5Cevil.example",
        data={"username": "admin", "password": "correct-horse-battery"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def _call_in(team, admin, **fields) -> Call:
    call = Call(team_id=team.id, answered_by_id=admin.id, handler_id=admin.id, **fields)
    db.session.add(call)
    db.session.commit()
    return call


@pytest.mark.parametrize("team_param", ["abc", "", "0", "-1"])
def test_log_team_parameter_never_widens_to_every_team(
    world, build, login_as, team_param
):
    other_admin = build.user("admin.mid", Role.ADMIN_OFFICER, world.other)
    _call_in(world.other, other_admin, case_id=world.other_case.id)
    client = login_as(world.manager)

    body = client.get(f"/calls/log?team={team_param}").text

    assert "C7654321" not in body


def test_user_without_a_team_sees_no_calls_in_the_log(world, build, login_as):
    _call_in(world.team, world.admin, case_id=world.case.id)
    loner = build.user("loner", Role.CASE_OWNER, None)
    client = login_as(loner)

    response = client.get("/calls/log")
    export = client.get("/calls/log.csv")

    assert "B1234567" not in response.text
    assert "B1234567" not in export.text


def test_other_teams_letter_tasks_not_listed(world, build, login_as, client):
    case = build.case(world.team, world.owner, reference="B7000001")
    transfer_case(case, world.other, True, world.leader, None)
    login_as(world.owner)
    own_list = client.get("/letters/tasks").text
    client.post("/logout")
    login_as(world.other_owner)
    other_list = client.get("/letters/tasks").text

    assert "B7000001" not in own_list
    assert "B7000001" in other_list


def _escaped_everywhere(bodies: dict[str, str]):
    for where, body in bodies.items():
        assert SCRIPT not in body, where
        assert ATTRIBUTE not in body, where
        assert 'onfocus="alert' not in body, where


def test_script_in_free_text_is_shown_as_text(world, app, login_as):
    client = login_as(world.admin)
    client.post("/calls", data={"team_id": world.team.id, "caller_number": ATTRIBUTE})
    public_id = db.session.scalars(select(Call.public_id)).one()
    answer(client, public_id, {})
    answer(client, public_id, {"caller_name": SCRIPT, "caller_number": ATTRIBUTE})
    answer(client, public_id, {"caller_type": "offender"})
    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    answer(client, public_id, {"enquiry": SCRIPT + ATTRIBUTE})
    call_page = client.get(f"/calls/{public_id}").text
    answer(client, public_id, {})
    bodies = {"call page": call_page}

    owner = app.test_client()
    login(owner, "owner")
    bodies["incoming"] = owner.get("/calls/incoming").text
    bodies["home"] = owner.get("/").text
    owner.post(f"/calls/{public_id}/take")
    bodies["taken call"] = owner.get(f"/calls/{public_id}").text
    checked = answer(owner, public_id, {"full_name": SCRIPT, "nationality": ATTRIBUTE})
    bodies["identity check typed back"] = checked.text
    bodies["call after the check"] = owner.get(f"/calls/{public_id}").text
    bodies["case"] = owner.get("/cases/B1234567").text
    manager = app.test_client()
    login(manager, "manager")
    bodies["log"] = manager.get("/calls/log").text

    _escaped_everywhere(bodies)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bodies["incoming"]


def test_script_in_end_reason_is_shown_as_text(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)

    client.post(f"/calls/{public_id}/end", data={"reason": SCRIPT})

    _escaped_everywhere({"ended call": client.get(f"/calls/{public_id}").text})


@pytest.mark.parametrize(
    "surname",
    ["%", "_", "' OR '1'='1", "nowak%' --", "\\", "O'Brien'; DROP TABLE cases; --"],
)
def test_case_search_treats_sql_and_wildcards_as_text(world, login_as, surname):
    client = login_as(world.owner)

    response = client.get(
        "/cases",
        query_string={
            "surname": surname,
            "dob-day": "1",
            "dob-month": "1",
            "dob-year": "1980",
        },
    )

    assert response.status_code == 200
    assert "B1234567" not in response.text
    assert db.session.scalar(select(db.func.count()).select_from(Call)) == 0


@pytest.mark.parametrize("reference", ["B1234567' OR '1'='1", "%", "B123456_"])
def test_reference_search_treats_sql_as_text(world, login_as, reference):
    client = login_as(world.owner)

    response = client.get("/cases", query_string={"reference": reference})

    assert response.status_code in (200, 422)
    assert "/cases/B1234567" not in response.text


def test_identify_step_treats_wildcards_as_text(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "no"})

    answer(
        client,
        public_id,
        {
            "full_name": "%",
            "date_of_birth-day": "1",
            "date_of_birth-month": "1",
            "date_of_birth-year": "1980",
            "nationality": "%",
        },
    )

    db.session.expire_all()
    assert db.session.scalars(select(Call)).one().case_id is None


def test_posting_a_later_step_skips_nothing(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    key = re.search(
        r'name="form_key" value="([^"]+)"', client.get(f"/calls/{public_id}").text
    )

    response = client.post(
        f"/calls/{public_id}/steps/route",
        data={"form_key": key[1], "manager_id": str(world.manager.id)},
        headers=HX,
    )

    assert response.status_code == 200
    assert current_step(client, public_id) == "greeting"
    db.session.expire_all()
    call = db.session.scalars(select(Call)).one()
    assert call.status == CallStatus.IN_PROGRESS
    assert call.passed_to_id is None


def test_extra_form_fields_do_not_set_call_columns(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    answer(client, public_id, {})

    answer(
        client,
        public_id,
        {
            "caller_name": "Ann",
            "status": "ended",
            "handler_id": str(world.manager.id),
            "passed_to_id": str(world.manager.id),
            "case_id": str(world.other_case.id),
        },
    )

    db.session.expire_all()
    call = db.session.scalars(select(Call)).one()
    assert call.status == CallStatus.IN_PROGRESS
    assert call.handler_id == world.admin.id
    assert call.passed_to_id is None
    assert call.case_id is None


def test_case_owner_not_passed_the_call_cannot_take_it(world, build, login_as):
    colleague = build.user("colleague", Role.CASE_OWNER, world.team)
    call = _call_in(
        world.team,
        world.admin,
        case_id=world.case.id,
        status=CallStatus.PASSED,
        outcome="passed",
        passed_to_id=world.owner.id,
        passed_at=utcnow(),
    )
    client = login_as(colleague)

    response = client.post(f"/calls/{call.public_id}/take")

    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Call, call.id).status == CallStatus.PASSED


def test_loser_of_a_take_is_told_who_took_it(world, app, login_as):
    call = _call_in(
        world.team,
        world.admin,
        case_id=world.case.id,
        status=CallStatus.PASSED,
        outcome="passed",
        passed_to_id=world.owner.id,
        passed_at=utcnow(),
    )
    leader = app.test_client()
    login(leader, "leader")
    owner = login_as(world.owner)

    owner.post(f"/calls/{call.public_id}/take")
    response = leader.post(f"/calls/{call.public_id}/take")

    assert response.status_code == 303
    assert response.headers["Location"] == "/calls/incoming"
    assert (
        "Tom O&#39;Connor has already taken this call."
        in leader.get("/calls/incoming").text
    )


def test_call_fields_fit_their_columns(app):
    from duty.calls.service import CALL_FIELDS

    registry = app.extensions["guidance"]
    for flow in registry.flows.values():
        for step in flow.steps.values():
            for question in step.questions:
                if question.name not in CALL_FIELDS:
                    continue
                length = getattr(Call.__table__.c[question.name].type, "length", None)
                allowed = question.max_length
                if question.options:
                    allowed = max(len(option.value) for option in question.options)
                assert length is None or allowed <= length, (
                    f"{flow.id}.{step.id}.{question.name} allows {allowed}"
                    f" characters but the column holds {length}"
                )


def test_long_inputs_get_a_message_not_a_server_error(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    answer(client, public_id, {})

    response = answer(
        client, public_id, {"caller_name": "Ann", "caller_number": "7" * 60}
    )
    forged_key = client.post(
        f"/calls/{public_id}/steps/short_questions",
        data={"form_key": "k" * 300, "caller_name": "Ann"},
        headers=HX,
    )

    assert response.status_code == 422
    assert "40 characters or fewer" in response.text
    assert forged_key.status_code == 200
    assert current_step(client, public_id) == "caller_type"
