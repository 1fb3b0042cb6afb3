"""Practice calls over HTTP for the scenarios the current call flows can play."""

from sqlalchemy import select

from duty.extensions import db
from duty.sandbox import attempts
from duty.sandbox.models import PracticeAttempt
from tests.conftest import text_of
from tests.sandbox.helpers import (
    PREFIX,
    answer,
    attempt_id_for,
    current_step,
    finish,
    go_home_case_owner_steps,
    opening,
    play_steps,
    start_scenario,
)


def _attempt() -> PracticeAttempt:
    db.session.expire_all()
    return db.session.scalars(select(PracticeAttempt)).one()


def _by_reference(client, public_id, name, caller_type, reference, enquiry):
    opening(client, public_id, name, caller_type)
    answer(client, public_id, {"has_reference": "yes", "reference": reference})
    return answer(client, public_id, {"enquiry": enquiry})


def test_offender_with_reference_full_marks(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-with-reference")
    _by_reference(
        client, public_id, "Dariusz Wiśniewski", "offender", "P1000001", "Photos"
    )

    page = client.get(f"{PREFIX}/calls/{public_id}")
    answer(client, public_id, {})
    debrief = text_of(finish(client, public_id))

    assert "Pass the call to Ruth Ellison" in text_of(page)
    assert "6 out of 6" in debrief
    assert "Full marks" in debrief
    assert _attempt().full_marks


def test_offender_recorded_as_third_party_is_named(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-with-reference")
    _by_reference(
        client, public_id, "Dariusz Wiśniewski", "third_party", "P1000001", "Photos"
    )
    answer(client, public_id, {})

    debrief = text_of(finish(client, public_id))

    assert "Recorded the wrong type of caller" in debrief
    assert "You recorded: Family member or other third party" in debrief
    assert "Guidance: General call handling and protection of information" in debrief
    assert not _attempt().full_marks


def test_offender_without_reference_found_by_details(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-without-reference")
    opening(client, public_id, "Ionut Popescu-Dragomir", "offender")
    answer(client, public_id, {"has_reference": "no"})
    answer(
        client,
        public_id,
        {
            "full_name": "ionut popescu dragomir",
            "date_of_birth-day": "5",
            "date_of_birth-month": "11",
            "date_of_birth-year": "1990",
            "nationality": "romanian",
        },
    )
    answer(client, public_id, {"enquiry": "Asks whether he still reports weekly"})
    answer(client, public_id, {})

    debrief = text_of(finish(client, public_id))

    assert "Full marks" in debrief
    assert "Found the case by name, date of birth and nationality" in debrief


def test_disclosure_while_routing_is_named(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-without-reference")
    opening(client, public_id, "Ionut", "offender")
    answer(client, public_id, {"has_reference": "no"})
    answer(
        client,
        public_id,
        {
            "full_name": "Ionut Popescu-Dragomir",
            "date_of_birth-day": "5",
            "date_of_birth-month": "11",
            "date_of_birth-year": "1990",
            "nationality": "Romanian",
        },
    )
    answer(client, public_id, {"enquiry": "Told him reporting becomes monthly"})
    answer(client, public_id, {})

    debrief = text_of(finish(client, public_id))

    assert "You recorded giving out the change to his reporting" in debrief


def test_wrong_team_redirected_full_marks(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "wrong-team")
    _by_reference(
        client, public_id, "Helen Finch", "representative", "P1000003", "Appeal"
    )

    page = text_of(client.get(f"{PREFIX}/calls/{public_id}"))
    answer(client, public_id, {"redirected": "yes"})
    debrief = text_of(finish(client, public_id))

    assert "020 7946 0200" in page
    assert "Full marks" in debrief
    assert "Passed the call promptly to Practice casework South" in debrief


def test_wrong_team_ended_without_redirect_is_named(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "wrong-team")
    _by_reference(
        client, public_id, "Helen Finch", "representative", "P1000003", "Appeal"
    )
    client.post(f"{PREFIX}/calls/{public_id}/end", data={"reason": "Caller rang off"})

    debrief = text_of(finish(client, public_id))

    assert "Did not redirect the call to Practice casework South" in debrief
    assert "Guidance: Calls about a case another team owns" in debrief


def test_absent_owner_goes_to_rota_cover(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "absent-case-owner")
    _by_reference(client, public_id, "Kwame Mensah", "offender", "P1000004", "Bail")

    page = text_of(client.get(f"{PREFIX}/calls/{public_id}"))
    answer(client, public_id, {})
    debrief = text_of(finish(client, public_id))

    assert "Owen Pryce, the case owner, is absent today" in page
    assert "Full marks" in debrief
    assert "Passed the call to Mina Desai, today's rota cover" in debrief


def test_absent_owner_call_ended_unpassed_is_named(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "absent-case-owner")
    _by_reference(client, public_id, "Kwame Mensah", "offender", "P1000004", "Bail")
    client.post(f"{PREFIX}/calls/{public_id}/end", data={})

    debrief = text_of(finish(client, public_id))

    assert "Did not pass the call to Mina Desai" in debrief
    assert "You passed the call to nobody" in debrief


def test_press_call_full_marks(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "press-call")
    opening(client, public_id, "Martin Hale", "press")

    page = text_of(client.get(f"{PREFIX}/calls/{public_id}"))
    answer(client, public_id, {"press_referred": "yes"})
    debrief = text_of(finish(client, public_id))

    assert "020 7035 3535" in page
    assert "Full marks" in debrief


def test_press_treated_as_third_party_is_named(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "press-call")
    opening(client, public_id, "Martin Hale", "third_party")
    answer(client, public_id, {"has_reference": "yes", "reference": "P1000005"})
    client.post(f"{PREFIX}/calls/{public_id}/end", data={})

    debrief = text_of(finish(client, public_id))

    assert "Did not record the caller as press or media" in debrief
    assert "not even whether a case exists" in debrief
    assert "Skipped the press office step" in debrief


def test_prison_officer_passed_to_owner_full_marks(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "prison-officer")
    _by_reference(client, public_id, "Sean Whitaker", "other", "P1000012", "Plans")
    answer(client, public_id, {})

    debrief = text_of(finish(client, public_id))

    assert "Full marks" in debrief


def test_prison_officer_told_plan_is_named(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "prison-officer")
    _by_reference(
        client,
        public_id,
        "Sean Whitaker",
        "other",
        "P1000012",
        "Said we are minded to detain him",
    )
    answer(client, public_id, {})

    debrief = text_of(finish(client, public_id))

    assert "You recorded giving out the plan for detention" in debrief


def test_caller_lines_follow_the_steps(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-with-reference")

    first = text_of(client.get(f"{PREFIX}/calls/{public_id}"))
    answer(client, public_id, {})
    second = answer(client, public_id, {"caller_name": "Dariusz"})
    third = text_of(second)

    assert "Hello, yes. I'm phoning from the prison about my own case." in first
    assert "It's my case. I'm the one you want to deport." in third
    assert current_step(client, public_id) == "caller_type"


def test_question_answers_shown_for_the_step(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-with-reference")
    opening(client, public_id, "Dariusz", "offender")

    page = text_of(client.get(f"{PREFIX}/calls/{public_id}"))

    assert "Asked “Home Office reference”, the caller says: “P1000001”" in page


def _take_over(client, public_id):
    _by_reference(client, public_id, "Andrius", "offender", "P1000016", "Home")
    answer(client, public_id, {})
    attempt_id = attempt_id_for(client, public_id)
    return client.post(f"{PREFIX}/attempts/{attempt_id}/take-over")


def test_take_over_then_handle_full_marks(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-wants-to-go-home")

    response = _take_over(client, public_id)
    step = current_step(client, public_id)
    steps = go_home_case_owner_steps("Gave the FRS hotline, 020 8760 8513")
    play_steps(client, public_id, steps)
    debrief = text_of(finish(client, public_id))

    assert response.status_code == 303
    assert step in ("take_over", "verify")
    assert "8 out of 8" in debrief
    assert "Full marks" in debrief


def test_take_over_then_disclose_is_named(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "offender-wants-to-go-home")
    _take_over(client, public_id)
    steps = go_home_case_owner_steps("Said his appeal rights are exhausted")
    play_steps(client, public_id, steps)

    debrief = text_of(finish(client, public_id))

    assert "You recorded giving out the state of his appeal" in debrief
    assert "Did not record giving the facilitated returns scheme hotline" in debrief


def test_take_over_of_open_call_is_refused(trainee, login_as):
    client = login_as(trainee)
    start_scenario(client, "offender-wants-to-go-home")
    attempt_id = _attempt().id

    response = client.post(
        f"{PREFIX}/attempts/{attempt_id}/take-over", follow_redirects=True
    )

    assert "This practice call is not waiting to be taken" in text_of(response)


def test_scenario_needing_missing_steps_is_not_started(trainee, login_as, monkeypatch):
    monkeypatch.setattr(attempts, "VERIFICATION_FLOWS", {"a_flow_nobody_has"})
    client = login_as(trainee)

    start = client.get(f"{PREFIX}/")
    response = client.post(f"{PREFIX}/scenarios/verification-mismatch/start")

    assert "Not available yet" in text_of(start)
    assert response.status_code == 303
    assert db.session.scalars(select(PracticeAttempt)).all() == []


def test_debrief_of_someone_else_is_refused(trainee, build, world, login_as, client):
    owner = login_as(trainee)
    start_scenario(owner, "press-call")
    attempt_id = _attempt().id
    other = build.user("trainee2", "trainee", world.team, name="Alex Kim")
    client.post("/logout")
    login_as(other)

    debrief_page = client.get(f"{PREFIX}/attempts/{attempt_id}")
    finished = client.post(f"{PREFIX}/attempts/{attempt_id}/finish")

    assert debrief_page.status_code == 403
    assert finished.status_code == 403


def test_unknown_scenario_is_not_found(trainee, login_as):
    client = login_as(trainee)

    response = client.post(f"{PREFIX}/scenarios/no-such-thing/start")

    assert response.status_code == 404


def test_finishing_twice_keeps_the_first_score(trainee, login_as):
    client = login_as(trainee)
    public_id = start_scenario(client, "press-call")
    opening(client, public_id, "Martin Hale", "press")
    answer(client, public_id, {"press_referred": "yes"})
    attempt_id = attempt_id_for(client, public_id)

    client.post(f"{PREFIX}/attempts/{attempt_id}/finish")
    first = _attempt().finished_at
    client.post(f"{PREFIX}/attempts/{attempt_id}/finish")

    assert _attempt().finished_at == first
