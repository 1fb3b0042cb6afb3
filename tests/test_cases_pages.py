from duty.audit import AuditEvent
from duty.extensions import db
from tests.conftest import text_of


def test_case_page_view_is_audited(world, login_as):
    client = login_as(world.owner)

    response = client.get("/cases/B1234567")

    assert response.status_code == 200
    assert "O’Brien" in response.get_data(as_text=True)
    event = db.session.query(AuditEvent).filter_by(action="case.view").one()
    assert event.user_id == world.owner.id
    assert event.object_id == "B1234567"


def test_admin_officer_cannot_open_case_page(world, login_as):
    client = login_as(world.admin)

    assert client.get("/cases/B1234567").status_code == 403


def test_case_of_another_team_is_refused_and_audited(world, login_as):
    client = login_as(world.owner)

    response = client.get("/cases/C7654321")

    assert response.status_code == 403
    assert db.session.query(AuditEvent).filter_by(action="refused").count() == 1


def test_search_by_surname_prefix_folds_apostrophes(world, login_as):
    client = login_as(world.owner)

    response = client.get("/cases?surname=o'bri&dob-day=1&dob-month=1&dob-year=1980")

    assert "B1234567" in text_of(response)


def test_search_with_blank_month_names_the_part(world, login_as):
    client = login_as(world.owner)

    response = client.get("/cases?surname=obrien&dob-day=1&dob-month=+&dob-year=1980")

    assert response.status_code == 422
    assert "Date of birth must include a month" in text_of(response)
    assert 'value="obrien"' in response.get_data(as_text=True)
