from datetime import datetime

from sqlalchemy import func, select

from duty.audit import AuditEvent
from duty.auth.models import Role
from duty.cases.models import CaseNote
from duty.extensions import db
from duty.incidents import sheets
from duty.incidents.models import AbuseSheet, CaseFileCopy, EstablishmentFollowUp
from tests.conftest import form_key, text_of
from tests.incidents.helpers import (
    behaviour,
    call_at_caller_type,
    call_with_case,
    incident_path,
    load,
    sheet,
    terminate,
    threat,
    warn,
)

SHEET_DATA = {
    "behaviours": ["shouting"],
    "what_was_said": "Shouted",
    "what_was_done": "Warned",
}


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _only_sheet() -> AbuseSheet:
    db.session.expire_all()
    return db.session.scalars(select(AbuseSheet)).one()


def _abusive_call(client, world, with_case=True) -> str:
    if with_case:
        public_id = call_with_case(client, world.team)
    else:
        public_id = call_at_caller_type(client, world.team)
    behaviour(client, public_id, ("shouting", "insults"), "Said we are all liars")
    warn(client, public_id)
    terminate(client, public_id)
    return public_id


def test_sheet_form_prefilled_from_call(app, world, build, login_as):
    build.user("ad", Role.ASSISTANT_DIRECTOR, world.team, name="Elizabeth Harcourt")
    app.config["FROZEN_NOW"] = datetime(2026, 6, 10, 13, 5)
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)

    response = client.get(incident_path(public_id, "record-sheet"))

    body = response.get_data(as_text=True)
    text = text_of(response)
    assert response.status_code == 200
    assert "Sean O'Brien" in text
    assert "07700 900123" in text
    assert "B1234567" in text
    assert "Said we are all liars" in text
    assert "Warning given at 14:05 on 10 Jun 2026" in text
    assert "the call ended at 14:05 on 10 Jun 2026" in text
    assert 'value="shouting" checked' in body
    assert 'value="insults" checked' in body
    assert 'value="offensive_language" checked' not in body
    assert "Elizabeth Harcourt" in text


def test_sheet_saved_sent_copied_noted_followed_up(world, build, login_as):
    director = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)

    response = sheet(client, public_id, behaviours=["shouting", "insults"])

    saved = _only_sheet()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/incidents/record-sheets/{saved.public_id}"
    )
    assert saved.assistant_director_id == director.id
    assert saved.case_id == world.case.id
    assert saved.behaviours == ["shouting", "insults"]
    assert saved.warning_at is not None
    assert saved.terminated_at is not None
    assert saved.establishment == "HMP Northmoor"
    copy = db.session.scalars(select(CaseFileCopy)).one()
    assert copy.case_id == world.case.id
    assert "Behaviour: Shouting; Insults about our procedures" in copy.body
    note = db.session.scalars(select(CaseNote)).one()
    assert note.kind == "abusive_call"
    assert note.case_id == world.case.id
    assert note.call_id == load(public_id).id
    follow_up = db.session.scalars(select(EstablishmentFollowUp)).one()
    assert follow_up.establishment == "HMP Northmoor"
    assert follow_up.done_at is None


def test_sheet_with_no_behaviour_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)

    response = sheet(client, public_id, behaviours=[], what_was_said="Kept text")

    text = text_of(response)
    assert response.status_code == 422
    assert "Select at least one behaviour the caller showed" in text
    assert "Kept text" in text
    assert _count(AbuseSheet) == 0
    assert _count(CaseNote) == 0


def test_sheet_with_blank_text_rejected(world, login_as):
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)

    response = sheet(client, public_id, what_was_said="  ", what_was_done="")

    text = text_of(response)
    assert response.status_code == 422
    assert "Enter what the caller said or did" in text
    assert "Enter what you did" in text
    assert _count(AbuseSheet) == 0


def test_sheet_for_caller_with_no_case_saves(world, build, login_as):
    build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    client = login_as(world.admin)
    public_id = _abusive_call(client, world, with_case=False)

    form = text_of(client.get(incident_path(public_id, "record-sheet")))
    response = sheet(client, public_id)

    saved = _only_sheet()
    assert "No case was found on this call" in form
    assert response.status_code == 303
    assert saved.case_id is None
    assert saved.caller_name == "Sean O'Brien"
    assert saved.establishment == ""
    assert _count(CaseFileCopy) == 0
    assert _count(CaseNote) == 0
    assert _count(EstablishmentFollowUp) == 0
    page = text_of(client.get(response.headers["Location"]))
    assert "No case found" in page


def test_same_sheet_submitted_twice_saves_once(world, build, login_as):
    build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)
    key = form_key(client.get(incident_path(public_id, "record-sheet")))

    first = sheet(client, public_id, key)
    second = sheet(client, public_id, key)

    assert first.status_code == 303
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(AbuseSheet) == 1
    assert _count(CaseNote) == 1
    assert _count(CaseFileCopy) == 1
    assert _count(EstablishmentFollowUp) == 1
    assert "already saved" in text_of(client.get(second.headers["Location"]))


def test_second_sheet_from_another_tab_saves_nothing(world, login_as):
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)
    first_key = form_key(client.get(incident_path(public_id, "record-sheet")))
    second_key = form_key(client.get(incident_path(public_id, "record-sheet")))

    sheet(client, public_id, first_key)
    response = sheet(client, public_id, second_key)
    reopened = client.get(incident_path(public_id, "record-sheet"))

    assert response.status_code == 303
    assert _count(AbuseSheet) == 1
    assert _count(CaseNote) == 1
    assert reopened.status_code == 302
    assert "/incidents/record-sheets/" in reopened.headers["Location"]


def test_assistant_director_acknowledges_sheet(app, world, build, login_as, client):
    director = build.user(
        "ad", Role.ASSISTANT_DIRECTOR, world.team, name="Ann Director"
    )
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    saved = _only_sheet()
    client.post("/logout")
    login_as(director)
    app.config["FROZEN_NOW"] = datetime(2026, 6, 11, 9, 30)

    queue = text_of(client.get("/incidents/record-sheets"))
    response = client.post(f"/incidents/record-sheets/{saved.public_id}/acknowledge")

    acknowledged = _only_sheet()
    assert "To acknowledge" in queue
    assert response.status_code == 303
    assert acknowledged.acknowledged_by_id == director.id
    assert acknowledged.acknowledged_at == datetime(2026, 6, 11, 9, 30)
    assert "Acknowledged" in text_of(client.get("/incidents/record-sheets"))


def test_second_acknowledgement_keeps_first(app, world, build, login_as, client):
    first = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    second = build.user("ad2", Role.ASSISTANT_DIRECTOR, world.other, name="Bea Second")
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    saved = _only_sheet()
    for director in (first, second):
        client.post("/logout")
        login_as(director)
        response = client.post(
            f"/incidents/record-sheets/{saved.public_id}/acknowledge"
        )
        assert response.status_code == 303

    assert _only_sheet().acknowledged_by_id == first.id
    assert "had already acknowledged" in text_of(client.get("/incidents/record-sheets"))


def test_assistant_director_of_another_area_refused(world, build, login_as, client):
    build.user("ad", Role.ASSISTANT_DIRECTOR, world.team)
    scotland = build.team("Criminal casework Scotland", region="SCT")
    outsider = build.user("ad.sct", Role.ASSISTANT_DIRECTOR, scotland)
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    saved = _only_sheet()
    client.post("/logout")
    login_as(outsider)

    shown = client.get(f"/incidents/record-sheets/{saved.public_id}")
    acknowledged = client.post(
        f"/incidents/record-sheets/{saved.public_id}/acknowledge"
    )
    queue = text_of(client.get("/incidents/record-sheets"))

    assert shown.status_code == 403
    assert acknowledged.status_code == 403
    assert _only_sheet().acknowledged_at is None
    assert "No record sheets" in queue


def test_sheet_goes_to_area_director(world, build, login_as):
    area_director = build.user("ad.mid", Role.ASSISTANT_DIRECTOR, world.other)
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)

    sheet(client, public_id)

    assert _only_sheet().assistant_director_id == area_director.id


def test_sheet_with_no_director_saved_but_not_sent(world, login_as, client):
    login_as(world.admin)
    public_id = _abusive_call(client, world)

    form = text_of(client.get(incident_path(public_id, "record-sheet")))
    sheet(client, public_id)
    client.post("/logout")
    login_as(world.manager)
    dashboard = text_of(client.get("/incidents"))

    assert "No assistant director covers this team's area" in form
    assert _only_sheet().assistant_director_id is None
    assert "Not sent" in dashboard


def test_only_handler_may_submit_sheet(world, login_as, client):
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    client.post("/logout")
    login_as(world.manager)

    shown = client.get(incident_path(public_id, "record-sheet"))
    posted = client.post(
        incident_path(public_id, "record-sheet"),
        data={
            "form_key": "k",
            "behaviours": ["shouting"],
            "what_was_said": "x",
            "what_was_done": "y",
        },
    )

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert _count(AbuseSheet) == 0


def test_sheet_view_refused_to_case_owner(world, login_as, client):
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    saved = _only_sheet()
    client.post("/logout")
    login_as(world.owner)

    response = client.get(f"/incidents/record-sheets/{saved.public_id}")

    assert response.status_code == 403


def test_copy_on_case_page_and_view_audited(world, login_as, client):
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    client.post("/logout")
    login_as(world.owner)

    case_page = client.get("/cases/B1234567").get_data(as_text=True)
    copy = db.session.scalars(select(CaseFileCopy)).one()
    response = client.get(f"/incidents/file-copies/{copy.id}")

    assert f"/incidents/file-copies/{copy.id}" in case_page
    assert "Abusive call on" in case_page
    assert response.status_code == 200
    assert "Said we are all liars" not in text_of(response)
    assert "Shouted that we are useless" in text_of(response)
    views = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "case.view", AuditEvent.user_id == world.owner.id
        )
    ).all()
    assert len(views) == 2


def test_copy_refused_to_other_team(world, login_as, client):
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    copy = db.session.scalars(select(CaseFileCopy)).one()
    client.post("/logout")
    login_as(world.other_owner)

    response = client.get(f"/incidents/file-copies/{copy.id}")

    assert response.status_code == 403


def test_manager_records_establishment_follow_up(app, world, login_as, client):
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    client.post("/logout")
    login_as(world.manager)
    app.config["FROZEN_NOW"] = datetime(2026, 6, 12, 10, 0)
    follow_up = db.session.scalars(select(EstablishmentFollowUp)).one()

    dashboard = text_of(client.get("/incidents"))
    response = client.post(
        f"/incidents/follow-ups/{follow_up.id}/done",
        data={"note": "Spoke to the duty governor"},
    )

    db.session.expire_all()
    assert "HMP Northmoor" in dashboard
    assert response.status_code == 303
    assert follow_up.done_by_id == world.manager.id
    assert follow_up.done_at == datetime(2026, 6, 12, 10, 0)
    assert follow_up.note == "Spoke to the duty governor"


def test_follow_up_refused_to_other_team_manager(world, build, login_as, client):
    login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id)
    outsider = build.user("manager.mid", Role.MANAGER, world.other)
    client.post("/logout")
    login_as(outsider)
    follow_up = db.session.scalars(select(EstablishmentFollowUp)).one()

    response = client.post(f"/incidents/follow-ups/{follow_up.id}/done", data={})

    db.session.expire_all()
    assert response.status_code == 403
    assert follow_up.done_at is None


def test_sheet_for_community_case_raises_no_follow_up(world, build, login_as):
    build.case(
        world.team,
        world.owner,
        reference="B7777777",
        custody_status="community",
        establishment=None,
    )
    client = login_as(world.admin)
    public_id = call_with_case(client, world.team, "B7777777")
    behaviour(client, public_id)
    warn(client, public_id)
    terminate(client, public_id)

    sheet(client, public_id)

    assert _only_sheet().establishment == ""
    assert _count(EstablishmentFollowUp) == 0
    assert _count(CaseNote) == 1


def test_sheet_race_lost_returns_saved_sheet(world, login_as, monkeypatch):
    client = login_as(world.admin)
    public_id = _abusive_call(client, world)
    sheet(client, public_id, "race-key")
    saved = _only_sheet()
    real_by_key, real_for_call = sheets._by_form_key, sheets.sheet_for_call
    misses = {"by_key": 1, "for_call": 1}

    def by_key(key):
        if misses["by_key"]:
            misses["by_key"] -= 1
            return None
        return real_by_key(key)

    def for_call(call):
        if misses["for_call"]:
            misses["for_call"] -= 1
            return None
        return real_for_call(call)

    # Both look-ups miss once, as when a second request checks before the
    # first one commits, so only the unique constraints stop a second sheet.
    monkeypatch.setattr(sheets, "_by_form_key", by_key)
    monkeypatch.setattr(sheets, "sheet_for_call", for_call)
    outcome = sheets.save_sheet(load(public_id), world.admin, SHEET_DATA, "race-key")

    assert outcome.duplicate
    assert outcome.sheet.id == saved.id
    assert _count(AbuseSheet) == 1
    assert _count(CaseNote) == 1


def test_sheet_prefilled_with_threat(world, login_as):
    client = login_as(world.admin)
    public_id = call_at_caller_type(client, world.team)
    threat(
        client,
        public_id,
        categories=["staff_or_minister"],
        what_was_said="Said he would wait outside the office",
    )
    terminate(client, public_id)

    response = client.get(incident_path(public_id, "record-sheet"))

    body = response.get_data(as_text=True)
    assert 'value="threatening" checked' in body
    assert "Threat: Said he would wait outside the office" in body
    assert "(a member of staff or a minister)" in body
