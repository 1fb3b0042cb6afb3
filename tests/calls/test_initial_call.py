from duty.calls.models import Call, CallStatus
from duty.extensions import db
from tests.calls.helpers import answer, current_step, start, to_reference
from tests.conftest import form_key, text_of


def _call(public_id) -> Call:
    db.session.expire_all()
    return db.session.query(Call).filter_by(public_id=public_id).one()


def test_greeting_uses_mandated_words_with_handler_name(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)

    body = text_of(client.get(f"/calls/{public_id}"))

    assert (
        "Home Office Immigration Enforcement Priya Shah speaking. Can I help you?"
        in body
    )


def test_call_by_reference_is_passed_to_case_owner(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    answer(client, public_id, {"has_reference": "yes", "reference": "b123 4567"})
    assert current_step(client, public_id) == "team_check"
    answer(client, public_id, {"enquiry": "Wants to know about travel documents"})
    response = answer(client, public_id, {})

    call = _call(public_id)
    assert response.status_code == 200
    assert call.status == CallStatus.PASSED
    assert call.passed_to_id == world.owner.id
    assert call.case_id == world.case.id


def test_press_call_gets_news_desk_number_and_ends(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id, caller_type="press")

    body = text_of(client.get(f"/calls/{public_id}"))
    answer(client, public_id, {"press_referred": "yes"})

    assert "020 7035 3535" in body
    assert _call(public_id).outcome == "press_office"


def test_whole_page_step_error_has_one_summary(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    answer(client, public_id, {}, htmx=False)

    response = answer(client, public_id, {"caller_name": "x" * 500}, htmx=False)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert body.count('class="govuk-error-summary"') == 1
    assert "<li></li>" not in body.replace(" ", "").replace("\n", "")


def test_missing_answers_named_in_plain_sentences(world, login_as):
    client = login_as(world.admin)
    public_id = start(client, world.team)
    to_reference(client, public_id)

    no_reference = answer(client, public_id, {"has_reference": "yes"})
    answer(client, public_id, {"has_reference": "yes", "reference": "B1234567"})
    no_enquiry = answer(client, public_id, {"enquiry": ""})

    assert "Enter Home Office reference" in text_of(no_reference)
    assert "Enter what the call is about" in text_of(no_enquiry)


def test_start_without_line_named(world, login_as):
    client = login_as(world.admin)

    response = client.post("/calls", data={"caller_number": "07700 900123"})

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Select the duty line the call came in on" in text_of(response)
    assert 'value="07700 900123"' in body
    assert db.session.query(Call).count() == 0


def test_overlong_caller_number_refused_not_cut(world, login_as):
    client = login_as(world.admin)
    typed = "0" * 41

    response = client.post(
        "/calls", data={"team_id": world.team.id, "caller_number": typed}
    )

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Caller's number must be 40 characters or fewer" in text_of(response)
    assert 'href="#caller_number"' in body
    assert f'value="{typed}"' in body
    assert f'value="{world.team.id}" checked' in body
    assert db.session.query(Call).count() == 0


def test_start_form_sent_twice_opens_one_call(world, login_as):
    client = login_as(world.admin)
    key = form_key(client.get("/calls/new"))
    data = {"team_id": world.team.id, "form_key": key}

    first = client.post("/calls", data=data)
    second = client.post("/calls", data=data)

    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.query(Call).count() == 1


def test_each_start_form_opens_its_own_call(world, login_as):
    client = login_as(world.admin)

    for _ in range(2):
        key = form_key(client.get("/calls/new"))
        client.post("/calls", data={"team_id": world.team.id, "form_key": key})

    assert db.session.query(Call).count() == 2


def test_line_start_form_sent_twice_opens_one_call(world, login_as):
    client = login_as(world.admin)
    page = client.get(f"/lines/{world.team.id}/start-call?caller=07700900123")
    data = {"caller": "07700900123", "form_key": form_key(page)}

    first = client.post(f"/lines/{world.team.id}/start-call", data=data)
    second = client.post(f"/lines/{world.team.id}/start-call", data=data)

    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.query(Call).count() == 1
