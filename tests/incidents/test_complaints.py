from sqlalchemy import select

from duty.auth.models import Role
from duty.calls.models import CallEvent
from duty.extensions import db
from duty.guidance import facts
from duty.incidents.models import Complaint
from tests.conftest import form_key, text_of
from tests.incidents.helpers import (
    call_at_caller_type,
    call_with_case,
    complaint,
    incident_path,
    load,
)

ABOUT = "No reply to three letters about bail"


def _complaints() -> list[Complaint]:
    db.session.expire_all()
    return db.session.scalars(select(Complaint)).all()


def test_complaint_with_nothing_chosen_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = complaint(client, public_id, staff_named="Kept name")

    text = text_of(response)
    assert response.status_code == 422
    assert "Select whether the complaint is about staff behaviour" in text
    assert "Enter what the caller is complaining about" in text
    assert "Select whether to record the complaint now" in text
    assert 'value="Kept name"' in response.get_data(as_text=True)
    assert _complaints() == []
    assert text.index("Enter what the caller is complaining about") < text.index(
        "Select whether to record the complaint now"
    )


def test_complaint_with_unknown_kind_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = complaint(client, public_id, kind="angry", route="verbal", details=ABOUT)

    assert response.status_code == 422
    assert _complaints() == []


def test_verbal_complaint_routed_to_managers(world, login_as, client):
    login_as(world.admin)
    public_id = call_with_case(client, world.team)

    response = complaint(
        client, public_id, kind="operational", route="verbal", details=ABOUT
    )

    [saved] = _complaints()
    assert response.status_code == 303
    assert saved.is_open
    assert saved.case_id == world.case.id
    assert saved.recorded_by_id == world.admin.id
    page = text_of(client.get(response.headers["Location"]))
    assert "with the team's managers for the complaints process" in page
    event = db.session.scalars(
        select(CallEvent).where(CallEvent.kind == "complaint")
    ).one()
    assert event.call_id == load(public_id).id
    assert load(public_id).step == "team_check"
    client.post("/logout")
    login_as(world.manager)
    dashboard = text_of(client.get("/incidents"))
    assert "Operational complaint" in dashboard
    assert "No open complaints" not in dashboard


def test_written_complaint_gets_address_exactly(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    form = client.get(incident_path(public_id, "complaint")).get_data(as_text=True)
    response = complaint(
        client,
        public_id,
        kind="formal",
        route="written",
        details="Rude officer",
        staff_named="Officer Smith",
    )

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for line in facts.COMPLAINTS_ADDRESS:
        expected = line.replace("&", "&amp;")
        assert expected in form
        assert expected in page
    assert f"Email: {facts.COMPLAINTS_EMAIL}" in page
    [saved] = _complaints()
    assert saved.route == "written"
    assert saved.staff_named == "Officer Smith"
    assert not saved.is_open


def test_manager_closes_complaint(world, login_as, client):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    complaint(client, public_id, kind="formal", route="verbal", details=ABOUT)
    [saved] = _complaints()
    client.post("/logout")
    login_as(world.manager)

    blank = client.post(f"/incidents/complaints/{saved.public_id}/close", data={})
    closed = client.post(
        f"/incidents/complaints/{saved.public_id}/close",
        data={"closing_note": "Passed to the complaints officer"},
    )

    assert blank.status_code == 422
    assert "Enter what was done with the complaint" in text_of(blank)
    assert closed.status_code == 303
    [after] = _complaints()
    assert after.closed_by_id == world.manager.id
    assert after.closing_note == "Passed to the complaints officer"
    assert "No open complaints" in text_of(client.get("/incidents"))


def test_complaint_posted_twice_saves_once(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    path = incident_path(public_id, "complaint")
    data = {
        "form_key": form_key(client.get(path)),
        "kind": "formal",
        "route": "verbal",
        "details": ABOUT,
    }

    first = client.post(path, data=data)
    second = client.post(path, data=data)

    assert first.headers["Location"] == second.headers["Location"]
    assert len(_complaints()) == 1


def test_case_owner_cannot_close_complaint(world, login_as, client):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    complaint(client, public_id, kind="formal", route="verbal", details=ABOUT)
    [saved] = _complaints()
    client.post("/logout")
    login_as(world.owner)

    shown = client.get(f"/incidents/complaints/{saved.public_id}")
    closed = client.post(
        f"/incidents/complaints/{saved.public_id}/close", data={"closing_note": "x"}
    )

    assert shown.status_code == 403
    assert closed.status_code == 403
    assert _complaints()[0].closed_at is None


def test_complaint_hidden_from_other_team_manager(world, build, login_as, client):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    complaint(client, public_id, kind="formal", route="verbal", details=ABOUT)
    [saved] = _complaints()
    outsider = build.user("manager.mid", Role.MANAGER, world.other)
    client.post("/logout")
    login_as(outsider)

    shown = client.get(f"/incidents/complaints/{saved.public_id}")
    dashboard = text_of(client.get("/incidents"))

    assert shown.status_code == 403
    assert "No open complaints" in dashboard


def test_only_handler_records_complaint(world, login_as, client):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    client.post("/logout")
    login_as(world.manager)

    response = client.post(
        incident_path(public_id, "complaint"),
        data={"form_key": "k", "kind": "formal", "route": "verbal", "details": ABOUT},
    )

    assert response.status_code == 403
    assert _complaints() == []


def test_incident_pages_refused_to_wrong_roles(world, build, login_as, client):
    director = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    login_as(world.owner)
    assert client.get("/incidents").status_code == 403
    assert client.get("/incidents/record-sheets").status_code == 403
    client.post("/logout")
    login_as(director)
    assert client.get("/incidents").status_code == 403
    assert client.get("/incidents/record-sheets").status_code == 200


def test_navigation_by_role(world, build, login_as, client):
    director = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    login_as(world.manager)
    manager_home = client.get("/").get_data(as_text=True)
    client.post("/logout")
    login_as(director)
    director_home = client.get("/").get_data(as_text=True)

    assert 'href="/incidents"' in manager_home
    assert 'href="/incidents/record-sheets"' not in manager_home
    assert 'href="/incidents/record-sheets"' in director_home
    assert 'href="/incidents"' not in director_home
