"""The practice database's address, and the practice path prefix."""

from duty.sandbox.binding import PRACTICE_ENVIRON_KEY, PracticePrefixMiddleware
from duty.sandbox.binding import practice_database_url as url_for_practice


def test_sqlite_gets_a_sibling_file():
    url = url_for_practice("sqlite:////srv/duty/instance/duty.sqlite", None)

    assert url == "sqlite:////srv/duty/instance/duty-practice.sqlite"


def test_postgres_keeps_the_same_database():
    live = "postgresql+psycopg://desk@db.internal:5432/duty"

    assert url_for_practice(live, None) == live


def test_override_wins():
    url = url_for_practice("sqlite:////a/duty.sqlite", "sqlite:////b/practice.sqlite")

    assert url == "sqlite:////b/practice.sqlite"


def test_memory_database_stays_in_memory():
    assert url_for_practice("sqlite://", None) == "sqlite://"


def _run(path):
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return []

    PracticePrefixMiddleware(app)({"PATH_INFO": path, "SCRIPT_NAME": ""}, None)
    return seen


def test_prefix_moves_to_script_name():
    environ = _run("/practice/calls/new")

    assert environ["SCRIPT_NAME"] == "/practice"
    assert environ["PATH_INFO"] == "/calls/new"
    assert environ[PRACTICE_ENVIRON_KEY] is True


def test_bare_prefix_is_the_practice_start():
    environ = _run("/practice")

    assert environ["PATH_INFO"] == "/"
    assert environ[PRACTICE_ENVIRON_KEY] is True


def test_similar_path_is_live():
    environ = _run("/practice-results")

    assert environ["PATH_INFO"] == "/practice-results"
    assert PRACTICE_ENVIRON_KEY not in environ


def test_reset_command_rebuilds_practice(app, practice):
    from sqlalchemy import text

    from duty.extensions import db

    result = app.test_cli_runner().invoke(args=["sandbox", "reset", "--drop-scores"])
    with db.engines["practice"].connect() as connection:
        cases = connection.execute(text("SELECT COUNT(*) FROM cases")).scalar()

    assert result.exit_code == 0, result.output
    assert "has been reset" in result.output
    assert cases == 16
