from datetime import datetime

import pytest
from sqlalchemy import select

from duty.auth.models import Role
from duty.extensions import db
from duty.incidents.models import ThreatReferral, ThreatReport
from tests.conftest import form_key, text_of
from tests.incidents.helpers import (
    call_at_caller_type,
    call_with_case,
    incident_path,
    load,
    threat,
)

SAID = "Said he knows where I live and will hurt me"


def _threats() -> list[ThreatReport]:
    db.session.expire_all()
    return db.session.scalars(select(ThreatReport)).all()


def _recipients(report) -> list[str]:
    return [r.recipient for r in report.referrals]


def test_threat_with_no_category_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = threat(client, public_id, what_was_said=SAID)

    text = text_of(response)
    assert response.status_code == 422
    assert "Select who or what was threatened" in text
    assert SAID in text
    assert 'href="#categories"' in response.get_data(as_text=True)
    assert _threats() == []


def test_threat_with_no_words_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = threat(client, public_id, categories=["children"], what_was_said="")

    assert response.status_code == 422
    assert "Enter what the caller threatened" in text_of(response)
    assert _threats() == []


def test_detainee_threat_needs_establishment(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = threat(
        client,
        public_id,
        categories=["detainee"],
        what_was_said=SAID,
        establishment=" ",
    )

    assert response.status_code == 422
    assert "Enter the prison or removal centre holding the detainee" in text_of(
        response
    )
    assert _threats() == []


def test_threat_form_prefills_establishment_from_case(world, login_as):
    client = login_as(world.admin)
    public_id = call_with_case(client, world.team)

    body = client.get(incident_path(public_id, "threat")).get_data(as_text=True)

    assert 'value="HMP Northmoor"' in body


def test_staff_threat_raises_urgent_security_unit_report(app, world, login_as, client):
    app.config["FROZEN_NOW"] = datetime(2026, 6, 10, 13, 5)
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)

    response = threat(
        client, public_id, categories=["staff_or_minister"], what_was_said=SAID
    )

    [report] = _threats()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/incidents/threats/{report.public_id}"
    )
    assert _recipients(report) == ["dsu"]
    assert report.referrals[0].urgent
    assert report.reported_at == datetime(2026, 6, 10, 13, 5)
    assert report.reported_by_id == world.admin.id
    page = text_of(client.get(response.headers["Location"]))
    assert "numbers are restricted and are not shown here" in page
    assert "Urgent" in page
    client.post("/logout")
    login_as(world.manager)
    dashboard = text_of(client.get("/incidents"))
    assert "1 threat to staff or a minister still to be reported" in dashboard


def test_referral_recorded_with_who_and_when(app, world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(client, public_id, categories=["staff_or_minister"], what_was_said=SAID)
    [report] = _threats()
    app.config["FROZEN_NOW"] = datetime(2026, 6, 10, 13, 20)

    response = client.post(
        f"/incidents/threats/{report.public_id}/referrals/dsu",
        data={"note": "Spoke to the duty officer, ref 42"},
    )

    [referral] = _threats()[0].referrals
    assert response.status_code == 303
    assert referral.made_by_id == world.admin.id
    assert referral.made_at == datetime(2026, 6, 10, 13, 20)
    assert referral.note == "Spoke to the duty officer, ref 42"


def test_referral_recorded_twice_keeps_first(app, world, login_as, client):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(client, public_id, categories=["children"], what_was_said=SAID)
    [report] = _threats()
    client.post(f"/incidents/threats/{report.public_id}/referrals/child_welfare")
    client.post("/logout")
    login_as(world.manager)

    response = client.post(
        f"/incidents/threats/{report.public_id}/referrals/child_welfare"
    )

    [referral] = _threats()[0].referrals
    assert response.status_code == 303
    assert referral.made_by_id == world.admin.id


def test_unsure_threat_goes_to_manager_first(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(client, public_id, categories=["unsure"], what_was_said=SAID)
    [report] = _threats()
    base = f"/incidents/threats/{report.public_id}/referrals"

    too_early = client.post(f"{base}/dsu")
    manager = client.post(f"{base}/manager", data={"note": "Discussed with Sarah"})
    security = client.post(f"{base}/dsu")

    assert _recipients(report) == ["manager", "dsu"]
    assert too_early.status_code == 422
    assert "Discuss the threat with your manager first" in text_of(too_early)
    assert manager.status_code == 303
    assert security.status_code == 303
    made = {r.recipient: r.made_at for r in _threats()[0].referrals}
    assert all(made.values())


def test_threat_to_children_and_detainee_with_police(world, login_as):
    client = login_as(world.admin)
    public_id = call_with_case(client, world.team)

    threat(
        client,
        public_id,
        categories=["detainee", "children"],
        what_was_said=SAID,
        establishment="HMP Northmoor",
        police="yes",
    )

    [report] = _threats()
    assert _recipients(report) == ["establishment", "child_welfare", "police"]
    assert not report.is_urgent
    assert report.referrals[0].label == "HMP Northmoor"
    assert report.police


def test_threat_posted_twice_saves_once(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    path = incident_path(public_id, "threat")
    key = form_key(client.get(path))
    data = {"form_key": key, "categories": ["children"], "what_was_said": SAID}

    first = client.post(path, data=data)
    second = client.post(path, data=data)

    assert first.headers["Location"] == second.headers["Location"]
    assert len(_threats()) == 1
    assert len(db.session.scalars(select(ThreatReferral)).all()) == 1


def test_threat_after_call_ended_still_reported(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    client.post(f"/calls/{public_id}/end", data={})

    response = threat(client, public_id, categories=["children"], what_was_said=SAID)

    assert response.status_code == 303
    assert _threats()[0].call_id == load(public_id).id


def test_unknown_referral_not_found(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(client, public_id, categories=["children"], what_was_said=SAID)
    [report] = _threats()

    response = client.post(f"/incidents/threats/{report.public_id}/referrals/police")

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["owner", "other_owner", "outsider_manager"])
def test_threat_hidden_from_others(world, build, login_as, client, who):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(client, public_id, categories=["children"], what_was_said=SAID)
    [report] = _threats()
    outsider = build.user("manager.mid", Role.MANAGER, world.other)
    users = {
        "owner": world.owner,
        "other_owner": world.other_owner,
        "outsider_manager": outsider,
    }
    client.post("/logout")
    login_as(users[who])

    shown = client.get(f"/incidents/threats/{report.public_id}")
    posted = client.post(
        f"/incidents/threats/{report.public_id}/referrals/child_welfare"
    )

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert _threats()[0].referrals[0].made_at is None


def test_team_manager_sees_and_records_referral(world, login_as, client):
    login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(client, public_id, categories=["children"], what_was_said=SAID)
    [report] = _threats()
    client.post("/logout")
    login_as(world.manager)

    shown = client.get(f"/incidents/threats/{report.public_id}")
    posted = client.post(
        f"/incidents/threats/{report.public_id}/referrals/child_welfare"
    )

    assert shown.status_code == 200
    assert posted.status_code == 303
    assert _threats()[0].referrals[0].made_by_id == world.manager.id
