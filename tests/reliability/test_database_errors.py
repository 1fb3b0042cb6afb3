"""A database failure in the middle of a step rolls back and leaves no half-saved call."""

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from duty.calls.models import Call, CallStep
from duty.extensions import db
from tests.calls.helpers import answer, current_step, start
from tests.conftest import text_of


def test_failed_commit_saves_nothing_and_shows_the_error_page(
    world, app, login_as, monkeypatch
):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = login_as(world.admin)
    public_id = start(client, world.team)
    answer(client, public_id, {})
    real_commit = db.session.commit

    def failing_commit():
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db.session, "commit", failing_commit, raising=False)
    response = answer(client, public_id, {"caller_name": "Ann Lee"}, htmx=False)
    monkeypatch.setattr(db.session, "commit", real_commit, raising=False)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in text_of(response)
    db.session.expire_all()
    call = db.session.scalars(select(Call)).one()
    assert call.caller_name is None
    assert [s.step_id for s in db.session.scalars(select(CallStep))] == ["greeting"]
    assert current_step(client, public_id) == "short_questions"
    answer(client, public_id, {"caller_name": "Ann Lee"})
    assert current_step(client, public_id) == "caller_type"
