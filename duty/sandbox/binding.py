"""Routing of database work to the practice database during practice requests.

The practice database contains a full copy of the schema with made-up data. A
request under PRACTICE_PREFIX sets `g.practice` once the signed-in user has
been loaded from the live database; from then on every table without a bind
key of its own is read and written in the practice database. Tables of
models with `__bind_key__ = "practice"` always live in the practice database.

This module must not import duty.extensions, which imports it.
"""

from pathlib import Path

from flask import g, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event
from sqlalchemy.engine import make_url

PRACTICE_BIND = "practice"
PRACTICE_PREFIX = "/practice"
PRACTICE_ENVIRON_KEY = "duty.practice_path"
POSTGRES_SCHEMA = "practice"


def in_practice() -> bool:
    """Return whether this request works on the practice database."""
    return has_app_context() and bool(g.get("practice"))


class PracticeAwareSession(Session):
    """A session that sends live tables to the practice engine in practice mode."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        engine = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if bind is None and in_practice():
            engines = self._db.engines
            if engine is engines.get(None):
                return engines[PRACTICE_BIND]
        return engine


class PracticePrefixMiddleware:
    """Serve the whole app again under PRACTICE_PREFIX, marking those requests.

    The prefix moves from PATH_INFO to SCRIPT_NAME, so url_for() inside a
    practice request builds practice URLs and every link, form and redirect
    of the shared templates stays inside the practice area.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == PRACTICE_PREFIX or path.startswith(PRACTICE_PREFIX + "/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + PRACTICE_PREFIX
            environ["PATH_INFO"] = path[len(PRACTICE_PREFIX) :] or "/"
            environ[PRACTICE_ENVIRON_KEY] = True
        else:
            environ.pop(PRACTICE_ENVIRON_KEY, None)
        return self.wsgi_app(environ, start_response)


def practice_database_url(live_url: str, override: str | None) -> str:
    """Return the practice database URL: the override, a sibling file, or the same one.

    A SQLite database gets a second file beside the live one. Any other
    database is used again, with the practice tables in their own schema.
    """
    if override:
        return override
    url = make_url(live_url)
    if url.get_backend_name() != "sqlite":
        return live_url
    if not url.database or url.database == ":memory:":
        return "sqlite://"
    practice_file = practice_file_beside(Path(url.database))
    return url.set(database=str(practice_file)).render_as_string(hide_password=False)


def practice_file_beside(live_file: Path) -> Path:
    """Return the practice file's path for a live file: "duty.sqlite" gives "duty-practice.sqlite"."""
    return live_file.with_name(f"{live_file.stem}-practice{live_file.suffix}")


def configure(app) -> None:
    """Add the practice bind to the app's configuration; call before db.init_app."""
    live_url = app.config["SQLALCHEMY_DATABASE_URI"]
    url = practice_database_url(live_url, app.config.get("PRACTICE_DATABASE_URL"))
    bind: dict = {"url": url}
    if make_url(url).get_backend_name() == "postgresql":
        bind["connect_args"] = {"options": f"-c search_path={POSTGRES_SCHEMA}"}
    app.config.setdefault("SQLALCHEMY_BINDS", {})[PRACTICE_BIND] = bind
    app.wsgi_app = PracticePrefixMiddleware(app.wsgi_app)


def watch_engine(engine) -> None:
    """Create the practice schema on PostgreSQL before the first table needs it."""
    if engine.url.get_backend_name() != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def _create_schema(dbapi_connection, connection_record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {POSTGRES_SCHEMA}")
        cursor.close()
        dbapi_connection.commit()
