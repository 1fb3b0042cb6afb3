import re
from datetime import timedelta

from duty.auth.models import Role
from duty.calls.models import Call, CallStatus
from duty.extensions import db
from duty.teams.models import Absence, RotaCover
from duty.timeutil import local_today
from tests.calls.helpers import answer, current_step, start, to_reference
from tests.conftest import text_of


def _call(public_id) -> Call:
    db.session.expire_all()
    return db.session.query(Call).filter_by(public_id=public_id).one()


def _to_route(client, team, reference):
    public_id = start(client, team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "yes", "reference": reference})
    answer(client, public_id, {"enquiry": "Asking about release date"})
    return public_id


def _absent(user):
    today = local_today()
    db.session.add(
        Absence(user_id=user.id, starts_on=today, ends_on=today + timedelta(days=1))
    )
    db.session.commit()


def test_absent_owner_routes_to_todays_rota_cover(world, build, login_as):
    cover = build.user("cover", Role.CASE_OWNER, world.team, name="Hannah Kowalska")
    _absent(world.owner)
    db.session.add(
        RotaCover(
            team_id=world.team.id,
            on_date=local_today(),
            absent_user_id=world.owner.id,
            cover_user_id=cover.id,
        )
    )
    db.session.commit()
    client = login_as(world.admin)
    public_id = _to_route(client, world.team, "B1234567")

    assert "Hannah Kowalska" in text_of(client.get(f"/calls/{public_id}"))
    answer(client, public_id, {})

    assert _call(public_id).passed_to_id == cover.id


def test_absent_owner_without_cover_routes_to_team_leader(world, login_as):
    _absent(world.owner)
    client = login_as(world.admin)
    public_id = _to_route(client, world.team, "B1234567")

    answer(client, public_id, {})

    assert _call(public_id).passed_to_id == world.leader.id


def test_no_owner_cover_or_leader_sends_handler_to_a_manager(world, login_as):
    _absent(world.owner)
    _absent(world.leader)
    client = login_as(world.admin)
    public_id = _to_route(client, world.team, "B1234567")

    page = text_of(client.get(f"/calls/{public_id}"))
    refused = answer(client, public_id, {})
    chosen = answer(client, public_id, {"manager_id": str(world.manager.id)})

    assert "Put the call through to a manager" in page
    assert refused.status_code == 422
    assert "Select the manager you are passing the call to" in text_of(refused)
    assert chosen.status_code == 200
    call = _call(public_id)
    assert call.outcome == "manager"
    assert call.passed_to_id == world.manager.id


def test_case_of_another_team_shows_its_duty_number_and_logs_redirect(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "yes", "reference": "C7654321"})
    answer(client, public_id, {"enquiry": "Travel document"})

    body = text_of(client.get(f"/calls/{public_id}"))
    answer(client, public_id, {"redirected": "yes"})

    assert "Criminal casework Midlands" in body
    assert "0121 496 0456" in body
    call = _call(public_id)
    assert call.outcome == "redirected"
    assert call.redirected_to_team_id == world.other.id
    assert call.status == CallStatus.ENDED


def test_first_point_team_deals_with_enquiry_itself(build, login_as):
    team = build.team("Facilitated returns scheme team", first_point=True)
    admin = build.user("frs.admin", Role.ADMIN_OFFICER, team)
    owner = build.user("frs.owner", Role.CASE_OWNER, team)
    build.case(team, owner, reference="F1000001")
    client = login_as(admin)
    public_id = start(client, team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "yes", "reference": "F1000001"})
    answer(client, public_id, {"enquiry": "Wants to return home"})

    assert current_step(client, public_id) == "first_point"
    assert _call(public_id).passed_to_id is None


def test_no_match_asks_caller_to_write_with_team_address(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "no"})
    answer(
        client,
        public_id,
        {
            "full_name": "Nobody Known",
            "date_of_birth-day": "1",
            "date_of_birth-month": "1",
            "date_of_birth-year": "1970",
            "nationality": "French",
        },
    )

    body = text_of(client.get(f"/calls/{public_id}"))
    answer(client, public_id, {"enquiry": "Release date", "address_given": "yes"})

    assert current_step(client, public_id) == ""
    assert "PO Box 1" in body
    assert _call(public_id).outcome == "write_in"


def test_unknown_reference_falls_back_to_name_search(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    answer(client, public_id, {"has_reference": "yes", "reference": "Z9999999"})

    assert current_step(client, public_id) == "identify"
    assert "No case has the reference Z9999999" in text_of(
        client.get(f"/calls/{public_id}")
    )


def test_malformed_reference_is_refused_with_format(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    response = answer(client, public_id, {"has_reference": "yes", "reference": "12AB"})

    assert response.status_code == 422
    body = text_of(response)
    assert "Home Office reference must be a letter followed by 7 numbers" in body
    assert 'value="12AB"' in response.get_data(as_text=True)


def _submit_label(response) -> str:
    match = re.search(
        r'<button type="submit" class="govuk-button"[^>]*>([^<]*)</button>',
        response.get_data(as_text=True),
    )
    assert match, "no submit button on the page"
    return match.group(1).strip()


def test_route_button_for_owner_continues_call(world, login_as):
    client = login_as(world.owner)
    public_id = _to_route(client, world.team, "B1234567")

    response = client.get(f"/calls/{public_id}")

    assert current_step(client, public_id) == "route"
    assert "Continue the call yourself." in text_of(response)
    assert _submit_label(response) == "Continue the call"


def test_route_button_for_other_handler_passes_call(world, login_as):
    client = login_as(world.admin)
    public_id = _to_route(client, world.team, "B1234567")

    response = client.get(f"/calls/{public_id}")

    assert _submit_label(response) == "Pass the call"
