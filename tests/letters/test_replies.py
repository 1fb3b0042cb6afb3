from sqlalchemy import select

from duty.calls.models import Call
from duty.extensions import db
from duty.guidance.facts import FRS_HOTLINE, OFFICE_HOURS
from duty.letters.models import Letter
from tests.conftest import page, text_of
from tests.letters.helpers import case_in, html_text, pdf_text, recipient_value

BODY = "Thank you for your call.\n\nWe have checked your file.\nYour documents arrived."


def _post_reply(client, case, recipient="offender", **data):
    data.setdefault("reply_method", "post")
    data.setdefault("body", BODY)
    return client.post(
        f"/cases/{case.reference}/replies",
        data={"recipient": recipient_value(case, recipient), **data},
    )


def _only_letter(case) -> Letter:
    db.session.expire_all()
    [letter] = db.session.scalars(select(Letter).where(Letter.case_id == case.id))
    return letter


def _no_letters(case) -> bool:
    db.session.expire_all()
    return db.session.scalar(select(Letter).where(Letter.case_id == case.id)) is None


def test_reply_form_shown(world, login_as):
    client = login_as(world.owner)

    response = client.get(f"/cases/{world.case.reference}/replies/new")

    assert response.status_code == 200
    page(response)
    assert "Draft a written reply" in text_of(response)


def test_post_reply_uses_allocation_layout(world, login_as):
    client = login_as(world.owner)

    response = _post_reply(client, world.case)

    letter = _only_letter(world.case)
    text = html_text(letter.html)
    assert response.status_code == 303
    assert letter.template == "ICD.4489"
    assert letter.purpose == "reply"
    assert letter.reply_method == "post"
    assert letter.body == BODY
    assert "Reply to your telephone call" in text
    assert "We have checked your file." in text
    assert "Your case is now managed by" not in text
    assert "0161 496 0123" in text
    assert OFFICE_HOURS in text
    assert FRS_HOTLINE in text
    assert "<p>We have checked your file.<br>Your documents arrived.</p>" in letter.html


def test_write_in_reply_heading(world, login_as):
    client = login_as(world.owner)

    _post_reply(client, world.case, reply_method="write_in")

    assert "Please put your request in writing" in _only_letter(world.case).html


def test_fax_reply_to_detained_person_uses_fax_cover(world, build, login_as):
    case = case_in(build, world.team, "removal_centre")
    client = login_as(world.owner)

    response = _post_reply(client, case, reply_method="fax")

    letter = _only_letter(case)
    assert response.status_code == 303
    assert letter.template == "ICD.4491"
    assert "Harbourside Immigration Removal Centre" in html_text(letter.html)
    pdf = client.get(response.headers["Location"] + "/pdf")
    text = pdf_text(pdf.data)
    assert "We have checked your file." in text
    assert "0161 496 0123" in text
    assert "020 8760 8513" in text


def test_fax_reply_to_representative(world, build, login_as):
    case = case_in(build, world.team, "community")
    client = login_as(world.owner)

    _post_reply(client, case, "representative", reply_method="fax")

    letter = _only_letter(case)
    assert letter.template == "ICD.4492"
    assert "By fax to 0161 496 1043" in html_text(letter.html)


def test_fax_reply_to_released_person_refused(world, build, login_as):
    case = case_in(build, world.team, "community")
    client = login_as(world.owner)

    response = _post_reply(client, case, reply_method="fax")

    assert response.status_code == 422
    assert "the reply cannot be faxed" in text_of(response)
    assert _no_letters(case)


def test_fax_reply_without_fax_number_refused(world, build, login_as):
    case = case_in(build, world.team, "prison")
    case.representatives[0].fax_on_record = None
    db.session.commit()
    client = login_as(world.owner)

    response = _post_reply(client, case, "representative", reply_method="fax")

    assert response.status_code == 422
    assert "Solicitors has no fax number on record. Reply by post" in text_of(response)
    assert _no_letters(case)


def test_reply_errors_keep_typed_values(world, login_as):
    client = login_as(world.owner)

    response = client.post(
        f"/cases/{world.case.reference}/replies",
        data={"recipient": "", "reply_method": "pigeon", "body": "  "},
    )

    text = text_of(response)
    assert response.status_code == 422
    assert page(response).title.startswith("Error:")
    assert "Select who the reply is to" in text
    assert "Select how the reply is sent" in text
    assert "Enter the text of the reply" in text
    assert _no_letters(world.case)


def test_reply_too_long_kept(world, login_as):
    client = login_as(world.owner)
    body = "word " * 1001

    response = _post_reply(client, world.case, body=body)

    assert response.status_code == 422
    assert "The reply must be 5,000 characters or fewer" in text_of(response)
    assert body.strip() in response.get_data(as_text=True)


def test_reply_with_staff_direct_line_refused(world, login_as):
    world.owner.direct_line = "0161 496 0888"
    db.session.commit()
    client = login_as(world.owner)
    body = "Please call me directly on 0161 496 0888."

    response = _post_reply(client, world.case, body=body)

    text = text_of(response)
    assert response.status_code == 422
    assert "contains a member of staff's direct telephone line" in text
    assert 'href="#body"' in response.get_data(as_text=True)
    assert body in text
    assert _no_letters(world.case)


def test_reply_for_released_person_without_address(world, build, login_as):
    case = case_in(build, world.team, "community", address=None, postcode=None)
    client = login_as(world.owner)

    response = _post_reply(client, case)

    assert response.status_code == 422
    assert "no postal address for this released person" in text_of(response)


def test_reply_without_custody_status_refused(world, build, login_as):
    case = build.case(world.team, custody_status=None)
    client = login_as(world.owner)

    response = _post_reply(client, case)

    assert response.status_code == 422
    assert "The case has no custody status recorded" in text_of(response)


def _call_on(case, user) -> Call:
    call = Call(team_id=case.team_id, answered_by_id=user.id, case_id=case.id)
    db.session.add(call)
    db.session.commit()
    return call


def test_reply_linked_to_call(world, login_as):
    call = _call_on(world.case, world.owner)
    client = login_as(world.owner)

    form = client.get(
        f"/cases/{world.case.reference}/replies/new",
        query_string={"call": call.public_id},
    )
    response = _post_reply(client, world.case, call=call.public_id)

    assert f'value="{call.public_id}"' in form.get_data(as_text=True)
    assert response.status_code == 303
    assert _only_letter(world.case).call_id == call.id


def test_reply_call_of_other_case(world, build, login_as):
    other = case_in(build, world.team, "prison")
    call = _call_on(other, world.owner)
    client = login_as(world.owner)

    response = _post_reply(client, world.case, call=call.public_id)

    assert response.status_code == 404
    assert _no_letters(world.case)


def test_reply_body_markup_escaped(world, login_as):
    client = login_as(world.owner)
    body = '<script>alert("x")</script> <b>bold</b>'

    response = _post_reply(client, world.case, body=body)
    preview = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "<script>alert" not in _only_letter(world.case).html
    assert "&lt;script&gt;" in _only_letter(world.case).html
    assert "<script>alert" not in preview
    assert "<b>bold</b>" not in preview
