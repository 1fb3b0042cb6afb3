import re

from sqlalchemy import func, select

from duty.audit import AuditEvent
from duty.extensions import db
from duty.letters.models import CaseTransfer, Letter, LetterTask
from duty.letters.moves import transfer_case
from duty.letters.requests import LetterChoice
from duty.letters.service import create_letter
from tests.letters.helpers import case_in


def _form_key(response) -> str:
    body = response.get_data(as_text=True)
    return re.search(r'name="form_key" value="([^"]+)"', body).group(1)


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_letter_posted_twice_saved_once(world, login_as):
    client = login_as(world.owner)
    page = client.get(
        f"/cases/{world.case.reference}/letters/new",
        query_string={"recipient": "offender", "purpose": "allocation"},
    )
    data = {
        "recipient": "offender",
        "purpose": "allocation",
        "template": "ICD.4489",
        "form_key": _form_key(page),
    }

    first = client.post(f"/cases/{world.case.reference}/letters", data=data)
    second = client.post(f"/cases/{world.case.reference}/letters", data=data)

    assert first.status_code == 303
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(Letter, Letter.case_id == world.case.id) == 1
    assert _count(AuditEvent, AuditEvent.action == "letter.create") == 1


def test_reply_posted_twice_saved_once(world, login_as):
    client = login_as(world.owner)
    page = client.get(f"/cases/{world.case.reference}/replies/new")
    data = {
        "recipient": "offender",
        "reply_method": "post",
        "body": "Thank you for your call.",
        "form_key": _form_key(page),
    }

    first = client.post(f"/cases/{world.case.reference}/replies", data=data)
    second = client.post(f"/cases/{world.case.reference}/replies", data=data)

    assert second.headers["Location"] == first.headers["Location"]
    assert _count(Letter, Letter.case_id == world.case.id) == 1


def test_error_page_keeps_form_key(world, login_as):
    client = login_as(world.owner)
    data = {"recipient": "offender", "purpose": "allocation", "form_key": "abc123"}

    response = client.post(f"/cases/{world.case.reference}/letters", data=data)

    assert response.status_code == 422
    assert _form_key(response) == "abc123"


def test_new_pages_get_fresh_form_keys(world, login_as):
    client = login_as(world.owner)
    url = f"/cases/{world.case.reference}/replies/new"

    assert _form_key(client.get(url)) != _form_key(client.get(url))


def test_transfer_posted_twice_moves_once(world, build, login_as):
    case = case_in(build, world.team, "prison")
    client = login_as(world.leader)
    page = client.get(f"/cases/{case.reference}/transfer")
    data = {
        "team_id": str(world.other.id),
        "permanent": "yes",
        "form_key": _form_key(page),
    }

    first = client.post(f"/cases/{case.reference}/transfer", data=data)
    second = client.post(f"/cases/{case.reference}/transfer", data=data)

    assert first.status_code == 303
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(CaseTransfer, CaseTransfer.case_id == case.id) == 1
    assert _count(LetterTask, LetterTask.case_id == case.id) == 2
    assert _count(AuditEvent, AuditEvent.action == "case.transfer") == 1


def test_transfer_key_of_other_user_ignored(world, build, login_as, client):
    case = case_in(build, world.team, "prison")
    login_as(world.leader)
    data = {"team_id": str(world.other.id), "permanent": "yes", "form_key": "k1"}
    client.post(f"/cases/{case.reference}/transfer", data=data)
    client.post("/logout")
    login_as(world.manager)

    response = client.post(f"/cases/{case.reference}/transfer", data=data)

    assert response.status_code == 403


def test_letter_service_same_key_returns_first(world, app):
    choice = LetterChoice(
        recipient="offender",
        purpose="allocation",
        template="ICD.4489",
        proposed="ICD.4489",
        form_key="same-key",
    )

    with app.test_request_context():
        first = create_letter(world.case, choice, world.owner)
        second = create_letter(world.case, choice, world.owner)

    assert second.id == first.id
    assert _count(Letter, Letter.case_id == world.case.id) == 1


def test_transfer_service_same_key_returns_first(world, build, app):
    case = case_in(build, world.team, "prison")

    with app.test_request_context():
        first = transfer_case(case, world.other, True, world.leader, "same-key")
        second = transfer_case(case, world.other, True, world.leader, "same-key")

    assert second.id == first.id
    assert _count(CaseTransfer, CaseTransfer.case_id == case.id) == 1
    assert _count(LetterTask, LetterTask.case_id == case.id) == 2
