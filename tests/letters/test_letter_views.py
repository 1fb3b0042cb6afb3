import re

import pytest
from sqlalchemy import select

from duty.audit import AuditEvent
from duty.auth.models import Role
from duty.extensions import db
from duty.guidance.facts import FRS_HOTLINE, OFFICE_HOURS
from duty.letters.models import Letter
from tests.conftest import PASSWORD, page, text_of
from tests.letters.helpers import case_in, pdf_text, recipient_value

PROPOSALS = [
    # custody status, recipient, purpose, proposed template
    ("prison", "offender", "allocation", "ICD.4489"),
    ("prison", "representative", "allocation", "ICD.4488"),
    ("immigration_prison", "offender", "allocation", "ICD.4599"),
    ("immigration_prison", "representative", "allocation", "ICD.4488"),
    ("removal_centre", "offender", "allocation", "ICD.4599"),
    ("removal_centre", "representative", "allocation", "ICD.4488"),
    ("community", "offender", "allocation", "ICD.4492"),
    ("community", "representative", "allocation", "ICD.4492"),
    ("prison", "offender", "induction", "ICD.4490"),
    ("community", "offender", "transfer", "ICD.4492"),
]


def _checked(response, name: str) -> list[str]:
    body = response.get_data(as_text=True)
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', body)
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if " checked" in tag
    ]


def _letters(case) -> list[Letter]:
    db.session.expire_all()
    return list(db.session.scalars(select(Letter).where(Letter.case_id == case.id)))


def _actions(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    )


def _post_letter(client, case, recipient="offender", **data):
    data.setdefault("purpose", "allocation")
    return client.post(
        f"/cases/{case.reference}/letters",
        data={"recipient": recipient_value(case, recipient), **data},
    )


@pytest.mark.parametrize(("status", "recipient", "purpose", "expected"), PROPOSALS)
def test_page_proposes_exact_template(
    world, build, login_as, status, recipient, purpose, expected
):
    case = case_in(build, world.team, status)
    client = login_as(world.owner)

    response = client.get(
        f"/cases/{case.reference}/letters/new",
        query_string={
            "recipient": recipient_value(case, recipient),
            "purpose": purpose,
        },
    )

    assert response.status_code == 200
    page(response)
    assert _checked(response, "template") == [expected]
    assert f"{expected}: " in text_of(response)


def test_offender_in_prison_told_to_fax_cover(world, login_as):
    client = login_as(world.owner)

    response = client.get(
        f"/cases/{world.case.reference}/letters/new",
        query_string={"recipient": "offender", "purpose": "allocation"},
    )

    assert "Also send ICD.4491" in text_of(response)


def test_first_question_page_asks_recipient(world, login_as):
    client = login_as(world.owner)

    response = client.get(f"/cases/{world.case.reference}/letters/new")

    assert response.status_code == 200
    assert "Who is the letter to?" in text_of(response)
    assert _checked(response, "template") == []
    assert len(_actions("letter.propose")) == 1


def test_first_question_errors(world, login_as):
    client = login_as(world.owner)

    response = client.get(
        f"/cases/{world.case.reference}/letters/new",
        query_string={"recipient": "representative:999", "purpose": "holiday"},
    )

    text = text_of(response)
    assert response.status_code == 422
    assert "There is a problem" in text
    assert "Select who the letter is to" in text
    assert "Select why you are sending the letter" in text
    assert page(response).title.startswith("Error:")


def test_create_proposed_letter(world, login_as):
    client = login_as(world.owner)

    response = _post_letter(client, world.case, template="ICD.4489")

    [letter] = _letters(world.case)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/cases/B1234567/letters/{letter.id}")
    assert letter.template == "ICD.4489"
    assert letter.proposed_template == "ICD.4489"
    assert not letter.overridden
    assert letter.duty_number == "0161 496 0123"
    assert letter.team_id == world.team.id
    assert letter.created_by_id == world.owner.id
    assert letter.recipient == "offender"
    [event] = _actions("letter.create")
    assert event.object_id == str(letter.id)
    assert "Seán" not in event.detail
    assert _actions("letter.override") == []


def test_override_needs_reason(world, build, login_as):
    case = case_in(build, world.team, "prison")
    client = login_as(world.owner)

    response = _post_letter(client, case, "representative", template="ICD.4492")

    text = text_of(response)
    assert response.status_code == 422
    assert "Give your reason for sending ICD.4492 in place of the proposed" in text
    assert _checked(response, "template") == ["ICD.4492"]
    assert _letters(case) == []


def test_incompatible_override_refused(world, build, login_as):
    case = case_in(build, world.team, "prison")
    client = login_as(world.owner)

    response = _post_letter(
        client, case, "representative", template="ICD.4492", override_reason="Asked"
    )

    assert response.status_code == 422
    assert "ICD.4492 is for a person who is released" in text_of(response)
    assert "Asked" in response.get_data(as_text=True)
    assert _checked(response, "template") == ["ICD.4492"]
    assert _letters(case) == []


def test_override_recorded(world, build, login_as):
    case = case_in(build, world.team, "prison")
    client = login_as(world.leader)

    response = _post_letter(
        client,
        case,
        template="ICD.4490",
        override_reason="Allocated at the induction interview last week",
    )

    [letter] = _letters(case)
    assert response.status_code == 303
    assert letter.template == "ICD.4490"
    assert letter.proposed_template == "ICD.4489"
    assert letter.overridden
    assert letter.override_reason == "Allocated at the induction interview last week"
    [event] = _actions("letter.override")
    assert event.detail == "proposed ICD.4489, chose ICD.4490"
    register = text_of(client.get(f"/cases/{case.reference}/letters"))
    assert "ICD.4490 (chosen in place of ICD.4489)" in register


def test_override_reason_too_long(world, login_as):
    client = login_as(world.owner)

    response = _post_letter(
        client, world.case, template="ICD.4490", override_reason="x" * 1001
    )

    assert response.status_code == 422
    assert "The reason must be 1,000 characters or fewer" in text_of(response)


def test_no_custody_status_gets_error(world, build, login_as):
    case = build.case(world.team, world.owner, custody_status=None)
    client = login_as(world.owner)

    shown = client.get(
        f"/cases/{case.reference}/letters/new",
        query_string={"recipient": "offender", "purpose": "allocation"},
    )
    posted = _post_letter(client, case, template="ICD.4489")

    assert shown.status_code == 422
    assert "The case has no custody status recorded" in text_of(shown)
    assert "Create the letter" not in text_of(shown)
    assert posted.status_code == 422
    assert "The case has no custody status recorded" in text_of(posted)
    assert 'href="#template"' not in posted.get_data(as_text=True)
    assert _letters(case) == []


def test_released_person_without_address_gets_error(world, build, login_as):
    case = case_in(build, world.team, "community", address=None, postcode=None)
    client = login_as(world.owner)

    response = _post_letter(client, case, template="ICD.4492")

    assert response.status_code == 422
    assert "no postal address for this released person" in text_of(response)
    assert 'href="#recipient"' in response.get_data(as_text=True)
    assert _checked(response, "template") == ["ICD.4492"]
    assert _letters(case) == []


def test_team_without_duty_number_gets_error(world, build, login_as):
    team = build.team("Criminal casework Wales", duty_number=None)
    owner = build.user("owner.wales", Role.CASE_OWNER, team)
    case = case_in(build, team, "prison", owner=owner)
    client = login_as(owner)

    response = _post_letter(client, case, template="ICD.4489")

    assert response.status_code == 422
    assert "Criminal casework Wales has no duty number" in text_of(response)
    assert _letters(case) == []


def test_long_address_letter_created(world, build, login_as):
    address = "\n".join(f"Line {n} of a long address" for n in range(1, 16))
    case = case_in(build, world.team, "community", address=address)
    client = login_as(world.owner)

    response = _post_letter(client, case, template="ICD.4492")
    pdf = client.get(response.headers["Location"] + "/pdf")

    assert response.status_code == 303
    assert "Line 15 of a long address" in pdf_text(pdf.data)


def test_preview_shows_letter(world, login_as):
    client = login_as(world.owner)
    location = _post_letter(client, world.case, template="ICD.4489").headers["Location"]

    response = client.get(location)

    text = text_of(response)
    assert response.status_code == 200
    page(response)
    assert "0161 496 0123" in text
    assert OFFICE_HOURS in text
    assert FRS_HOTLINE in text
    assert "letters/letter.css" in response.get_data(as_text=True)
    assert [e.object_id for e in _actions("letter.view")] == [location.rsplit("/")[-1]]


def test_pdf_download(world, login_as):
    client = login_as(world.owner)
    location = _post_letter(client, world.case, template="ICD.4489").headers["Location"]
    letter_id = location.rsplit("/")[-1]

    response = client.get(location + "/pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="B1234567-ICD4489-{letter_id}.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert "0161 496 0123" in text
    assert OFFICE_HOURS in text
    assert "020 8760 8513" in text
    assert "Seán O’Brien" in text
    assert [e.object_id for e in _actions("letter.pdf")] == [letter_id]


def test_register_lists_letters(world, login_as):
    client = login_as(world.owner)
    _post_letter(client, world.case, template="ICD.4489")

    response = client.get(f"/cases/{world.case.reference}/letters")

    text = text_of(response)
    assert response.status_code == 200
    page(response)
    assert "ICD.4489" in text
    assert "Tom O'Connor" in text
    assert "0161 496 0123 (Criminal casework North West)" in text
    assert "Foreign national offender" in text
    assert len(_actions("letter.register")) == 1


def test_case_page_links_to_register(world, login_as):
    client = login_as(world.owner)

    body = client.get(f"/cases/{world.case.reference}").get_data(as_text=True)

    assert f'href="/cases/{world.case.reference}/letters"' in body


def _routes(case, letter_id):
    base = f"/cases/{case.reference}"
    return [
        ("GET", f"{base}/letters"),
        ("GET", f"{base}/letters/new?recipient=offender&purpose=allocation"),
        ("POST", f"{base}/letters"),
        ("GET", f"{base}/replies/new"),
        ("POST", f"{base}/replies"),
        ("GET", f"{base}/letters/{letter_id}"),
        ("GET", f"{base}/letters/{letter_id}/pdf"),
    ]


@pytest.mark.parametrize(
    "role", [Role.ADMIN_OFFICER, Role.TRAINEE, Role.ASSISTANT_DIRECTOR]
)
def test_roles_without_casework_refused(world, build, login_as, client, role):
    login_as(world.owner)
    location = _post_letter(client, world.case, template="ICD.4489").headers["Location"]
    client.post("/logout")
    user = build.user(f"user.{role}", role, world.team)
    login_as(user)

    for method, url in _routes(world.case, location.rsplit("/")[-1]):
        response = client.open(url, method=method, data={"recipient": "offender"})
        assert response.status_code == 403, url
    assert len(_actions("refused")) == 7


@pytest.mark.parametrize("username", ["owner", "leader", "manager"])
def test_casework_roles_allowed(world, login_as, username):
    client = login_as(username)

    assert client.get(f"/cases/{world.case.reference}/letters").status_code == 200
    assert _post_letter(client, world.case, template="ICD.4489").status_code == 303


def test_other_team_refused(world, login_as, client):
    login_as(world.owner)
    location = _post_letter(client, world.case, template="ICD.4489").headers["Location"]
    client.post("/logout")
    login_as(world.other_owner)

    for method, url in _routes(world.case, location.rsplit("/")[-1]):
        response = client.open(url, method=method, data={"recipient": "offender"})
        assert response.status_code == 403, url
    assert all(e.object_id == "B1234567" for e in _actions("refused"))


def test_letter_of_another_case_not_found(world, build, login_as):
    client = login_as(world.owner)
    location = _post_letter(client, world.case, template="ICD.4489").headers["Location"]
    letter_id = location.rsplit("/")[-1]
    other = case_in(build, world.team, "prison")

    response = client.get(f"/cases/{other.reference}/letters/{letter_id}")

    assert response.status_code == 404


def test_signed_out_user_sent_to_login(world, client):
    response = client.get(f"/cases/{world.case.reference}/letters")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("app", [{"csrf": True}], indirect=True)
def test_create_without_csrf_token_refused(world, client):
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
    signed_in = client.post(
        "/login",
        data={"username": "owner", "password": PASSWORD, "csrf_token": token.group(1)},
    )

    response = _post_letter(client, world.case, template="ICD.4489")

    assert signed_in.status_code == 302
    assert response.status_code == 400
    assert _letters(world.case) == []
