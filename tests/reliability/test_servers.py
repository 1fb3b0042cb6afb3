"""The app under gunicorn on 127.0.0.1: restarts, races between workers and
instances, SQLite's write lock, and the health check."""

import threading
import uuid

import pytest
import redis
from sqlalchemy import func, select, text

from duty import create_app
from duty.calls.models import Call, CallEvent, CallStatus, CallStep
from duty.extensions import db
from duty.timeutil import utcnow
from tests.servers import Browser, Server, pass_call_steps

pytestmark = pytest.mark.slow


@pytest.fixture
def servers(app, world, tmp_path):
    """Start gunicorn servers on the test database; stop them all afterwards."""
    db.session.commit()
    started = []

    def _start(name="server", workers=2, port=None, env=None):
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        server = Server(url, tmp_path / f"{name}.log", workers, port, env)
        started.append(server)
        return server.start()

    yield _start
    for server in started:
        server.stop()
    db.session.remove()


def _call(public_id) -> Call:
    db.session.commit()
    db.session.expire_all()
    return db.session.scalars(select(Call).where(Call.public_id == public_id)).one()


def test_call_resumes_at_same_step_after_restart(world, servers):
    server = servers("restart")
    handler = Browser(server.url)
    handler.sign_in("admin")
    public_id = handler.start_call(world.team.id)
    handler.step(public_id, "greeting")
    handler.step(public_id, "short_questions", {"caller_name": "Sean O'Brien"})
    handler.step(public_id, "caller_type", {"caller_type": "offender"})

    server.stop()
    server.start()

    page = handler.get(f"/calls/{public_id}")
    assert page.status_code == 200
    assert "Ask for the Home Office reference" in page.text
    assert "Sean O&#39;Brien" in page.text
    assert "Foreign national offender" in page.text
    response = handler.step(
        public_id, "reference", {"has_reference": "yes", "reference": "B1234567"}
    )
    assert response.status_code == 200
    assert _call(public_id).step == "team_check"


def _passed_call(world) -> Call:
    call = Call(
        team_id=world.team.id,
        answered_by_id=world.admin.id,
        handler_id=world.admin.id,
        case_id=world.case.id,
        caller_name="Sean O'Brien",
        status=CallStatus.PASSED,
        outcome="passed",
        passed_to_id=world.owner.id,
        passed_at=utcnow(),
        step="route",
    )
    db.session.add(call)
    db.session.commit()
    return call


def test_only_one_person_takes_a_passed_call(world, servers):
    server = servers("take")
    owner, leader = Browser(server.url), Browser(server.url)
    owner.sign_in("owner")
    leader.sign_in("leader")
    calls = [_passed_call(world).public_id for _ in range(5)]

    for public_id in calls:
        results = {}
        barrier = threading.Barrier(2)

        def take(name, browser, public_id=public_id, barrier=barrier, results=results):
            barrier.wait()
            results[name] = browser.take(public_id)

        threads = [
            threading.Thread(target=take, args=("owner", owner)),
            threading.Thread(target=take, args=("leader", leader)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        winners = [
            name
            for name, response in results.items()
            if response.headers["Location"] == f"/calls/{public_id}"
        ]
        assert len(winners) == 1, {n: r.headers["Location"] for n, r in results.items()}
        loser = {"owner": owner, "leader": leader}[
            "leader" if winners == ["owner"] else "owner"
        ]
        winner_name = "Tom O&#39;Connor" if winners == ["owner"] else "Marcus Reid"
        told = loser.get("/calls/incoming").text
        assert f"{winner_name} has already taken this call." in told
        call = _call(public_id)
        taken = db.session.scalar(
            select(func.count(CallEvent.id)).where(
                CallEvent.call_id == call.id, CallEvent.kind == "taken"
            )
        )
        assert taken == 1
        assert call.status == CallStatus.IN_PROGRESS


def test_parallel_calls_on_two_workers_lose_nothing(world, servers, app):
    server = servers("load", workers=2)
    handlers = [Browser(server.url) for _ in range(4)]
    for handler in handlers:
        handler.sign_in("admin")
    errors, started = [], []
    team_id = world.team.id

    def take_calls(handler):
        try:
            for _ in range(2):
                public_id = handler.start_call(team_id)
                started.append(public_id)
                pass_call_steps(handler, public_id, "B1234567")
        except Exception as error:  # noqa: BLE001  (reported by the assert below)
            errors.append(repr(error))

    threads = [threading.Thread(target=take_calls, args=(h,)) for h in handlers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert "database is locked" not in server.log()
    assert " 500 " not in server.log()
    db.session.commit()
    passed = db.session.scalar(
        select(func.count(Call.id)).where(Call.status == CallStatus.PASSED)
    )
    steps = db.session.scalar(select(func.count(CallStep.id)))
    assert len(started) == 8
    assert passed == 8
    assert steps == 8 * 6
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_call_continues_through_another_instance(world, servers):
    first = servers("first", workers=1)
    second = servers("second", workers=1)
    handler = Browser(first.url)
    handler.sign_in("admin")
    public_id = handler.start_call(world.team.id)
    handler.step(public_id, "greeting")

    handler.base = second.url
    response = handler.step(public_id, "short_questions", {"caller_name": "Ann Lee"})

    assert response.status_code == 200
    assert "Who is calling" in response.text
    assert _call(public_id).caller_name == "Ann Lee"


def _redis_available() -> bool:
    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_login_throttling_counts_across_instances_through_redis(world, servers):
    prefix = f"duty-test-{uuid.uuid4().hex}"
    env = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_KEY_PREFIX": prefix,
        "LOGIN_LIMIT": "4 per 5 minutes",
    }
    first = servers("first", workers=2, env=env)
    second = servers("second", workers=2, env=env)

    statuses = []
    for n in range(4):
        browser = Browser((first, second)[n % 2].url)
        statuses.append(browser.sign_in("admin", "wrong-password-1").status_code)
    final = Browser(second.url).sign_in("admin").status_code

    assert statuses == [200, 200, 200, 200]
    assert final == 429
    store = redis.Redis(host="127.0.0.1", port=6379)
    keys = list(store.scan_iter(f"*{prefix}*"))
    assert keys
    store.delete(*keys)


def test_memory_throttling_is_per_process(world, servers):
    env = {"LOGIN_LIMIT": "2 per 5 minutes"}
    first = servers("first", workers=1, env=env)
    second = servers("second", workers=1, env=env)

    for _ in range(2):
        Browser(first.url).sign_in("admin", "wrong-password-1")

    assert Browser(first.url).sign_in("admin").status_code == 429
    assert Browser(second.url).sign_in("admin").status_code == 302


def test_health_check_reports_the_database(app, client, tmp_path):
    assert client.get("/healthz").get_json() == {"status": "ok"}

    broken = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.sqlite",
        }
    )
    response = broken.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    assert response.headers["Cache-Control"] == "no-store"
