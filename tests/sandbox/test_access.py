"""Who reaches practice and live pages: trainees, staff and managers."""

import pytest

from duty.auth.models import Role
from tests.conftest import page, text_of
from tests.sandbox.helpers import PREFIX, answer, finish, opening, start_scenario

TRAINEE_LIVE_PAGES = {
    "auth.login",
    "auth.logout",
    "main.home",
    "main.start",
    "main.healthz",
    "guidance.index",
    "guidance.topic",
    "lines.line_status_json",
}


def _sample_url(rule) -> str:
    values = {
        name: 1 if converter.__class__.__name__ == "IntegerConverter" else "x"
        for name, converter in rule._converters.items()
    }
    return rule.build(values, append_unknown=False)[1]


def _live_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "govuk_assets"):
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        yield rule, method


def test_trainee_refused_on_every_live_page(app, trainee, login_as):
    client = login_as(trainee)
    checked = 0

    for rule, method in _live_rules(app):
        if rule.endpoint in TRAINEE_LIVE_PAGES:
            continue
        response = client.open(_sample_url(rule), method=method)
        assert response.status_code == 403, (
            f"{method} {rule.rule}: {response.status_code}"
        )
        checked += 1

    assert checked >= 15


def test_trainee_start_page_sends_to_practice(trainee, login_as):
    client = login_as(trainee)

    response = client.get("/")
    practice = client.get(response.headers["Location"])

    assert response.status_code == 302
    assert response.headers["Location"] == f"{PREFIX}/"
    assert "Practice calls" in page(practice).title
    assert "Practice mode: made-up cases only" in text_of(practice)


def test_trainee_may_read_the_guidance(trainee, login_as):
    client = login_as(trainee)

    index = client.get("/guidance")
    topic = client.get("/guidance/press-and-media")

    assert index.status_code == 200
    assert topic.status_code == 200


def test_trainee_live_nav_is_limited(trainee, login_as):
    client = login_as(trainee)

    body = client.get("/guidance").get_data(as_text=True)

    assert 'href="/calls/new"' not in body
    assert 'href="/cases"' not in body


def test_practice_pages_carry_the_banner_and_title(world, practice, login_as):
    client = login_as(world.admin)

    practice_page = client.get(f"{PREFIX}/calls/new")
    live_page = client.get("/calls/new")

    assert page(practice_page).title.startswith("Practice: ")
    assert 'id="practice-banner"' in practice_page.get_data(as_text=True)
    assert 'id="practice-banner"' not in live_page.get_data(as_text=True)
    assert "Practice casework North" in text_of(practice_page)
    assert "Practice casework North" not in text_of(live_page)


def test_practice_links_stay_in_practice(world, practice, login_as):
    client = login_as(world.admin)

    body = client.get(f"{PREFIX}/").get_data(as_text=True)

    assert f'action="{PREFIX}/scenarios/press-call/start"' in body
    assert f'href="{PREFIX}/calls/new"' in body
    assert 'href="/">Leave practice' in body


def test_staff_switch_page_explains_practice(world, login_as):
    client = login_as(world.admin)

    response = client.get("/switch-to-practice")

    assert response.status_code == 200
    assert "made-up cases" in text_of(response)
    assert "Practice results for your team" not in text_of(response)


def test_practice_sign_in_goes_live(client, world, practice):
    response = client.get(f"{PREFIX}/calls/new")
    login_redirect = client.get(response.headers["Location"])

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{PREFIX}/login")
    assert login_redirect.status_code == 307
    assert login_redirect.headers["Location"].startswith("/login?next=")
    assert "practice" in login_redirect.headers["Location"]


def test_signed_out_debrief_goes_to_sign_in(client, world, practice):
    response = client.get(f"{PREFIX}/attempts/1")

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{PREFIX}/login")


def test_sign_out_from_practice_ends_the_live_session(world, practice, login_as):
    client = login_as(world.admin)

    response = client.post(f"{PREFIX}/logout", follow_redirects=True)
    after = client.get("/calls/new")

    assert response.status_code == 200
    assert after.status_code == 302


@pytest.mark.parametrize(
    "path",
    ["/switch-to-practice", "/practice-results", "/practice-reset"],
)
def test_live_only_pages_are_not_in_practice(world, practice, login_as, path):
    client = login_as(world.manager)

    response = client.get(PREFIX + path)

    assert response.status_code == 404


def test_practice_only_pages_are_not_live(world, practice, login_as):
    client = login_as(world.admin)

    response = client.post("/scenarios/press-call/start")

    assert response.status_code == 404


def test_assistant_director_practises_as_case_owner(world, build, practice, login_as):
    director = build.user("ad", Role.ASSISTANT_DIRECTOR, world.team, name="Eve Hart")
    client = login_as(director)

    public_id = start_scenario(client, "press-call")
    body = text_of(client.get(f"{PREFIX}/calls/{public_id}"))

    assert "Eve Hart (Case owner)" in body
    assert client.get("/calls/new").status_code == 403


def _finished_attempt(client, scenario="press-call"):
    public_id = start_scenario(client, scenario)
    opening(client, public_id, "Martin Hale", "press")
    answer(client, public_id, {"press_referred": "yes"})
    finish(client, public_id)


def test_manager_sees_team_attempts_and_scores(trainee, world, login_as, client):
    _finished_attempt(login_as(trainee))
    client.post("/logout")
    login_as(world.manager)

    results = client.get("/practice-results")
    body = text_of(results)

    assert results.status_code == 200
    assert "Sam Patel" in body
    assert "A journalist asking about a named offender" in body
    assert "8 out of 8" in body


def test_manager_opens_a_debrief(trainee, world, login_as, client):
    from duty.extensions import db
    from duty.sandbox.models import PracticeAttempt

    _finished_attempt(login_as(trainee))
    attempt_id = db.session.query(PracticeAttempt).one().id
    client.post("/logout")
    login_as(world.manager)

    response = client.get(f"/practice-results/{attempt_id}")

    assert response.status_code == 200
    assert "Practice debrief for Sam Patel" in text_of(response)
    assert "Referred the caller to the press office news desk" in text_of(response)


def test_other_team_manager_cannot_see_attempts(
    trainee, world, build, login_as, client
):
    from duty.extensions import db
    from duty.sandbox.models import PracticeAttempt

    _finished_attempt(login_as(trainee))
    attempt_id = db.session.query(PracticeAttempt).one().id
    other = build.user("manager.mid", Role.MANAGER, world.other, name="Rob Adeyemi")
    client.post("/logout")
    login_as(other)

    listing = text_of(client.get("/practice-results"))
    single = client.get(f"/practice-results/{attempt_id}")

    assert "Sam Patel" not in listing
    assert single.status_code == 403


@pytest.mark.parametrize("who", ["admin", "owner", "leader"])
def test_only_managers_see_results_and_reset(world, practice, login_as, who):
    client = login_as(getattr(world, who))

    assert client.get("/practice-results").status_code == 403
    assert client.post("/practice-reset").status_code == 403


def test_trainee_cannot_reset_practice(trainee, login_as):
    client = login_as(trainee)

    response = client.post("/practice-reset")

    assert response.status_code == 403


def test_manager_reset_page_asks_first(world, practice, login_as):
    client = login_as(world.manager)

    response = client.get("/practice-reset")

    assert response.status_code == 200
    assert "Attempts and scores are kept" in text_of(response)


def test_results_page_before_anyone_practised(world, login_as):
    from duty.extensions import db
    from duty.sandbox.binding import PRACTICE_BIND

    db.metadatas[PRACTICE_BIND].drop_all(bind=db.engines[PRACTICE_BIND])
    client = login_as(world.manager)

    response = client.get("/practice-results")

    assert response.status_code == 200
