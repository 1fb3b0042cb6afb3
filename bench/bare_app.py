"""A bare Flask app for comparison: one INSERT and a page of a given size.

Served by gunicorn as `bench.bare_app:create_app()`, configured through
BARE_DATABASE_URL, BARE_POST_BYTES and BARE_GET_BYTES.
"""

import os

from flask import Flask, render_template_string
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, event

PAGE = """<div id="step">{% for line in lines %}<p class="govuk-body">{{ line }}</p>
{% endfor %}</div>"""
LINE = "x" * 60
LINE_BYTES = len('<p class="govuk-body"></p>\n') + len(LINE)

metadata = MetaData()
rows = Table(
    "bare_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("note", String),
)


def _lines(size: int) -> list[str]:
    return [LINE] * max(1, size // LINE_BYTES)


def create_table(url: str) -> None:
    """Create the bare table once, before gunicorn starts its workers."""
    engine = create_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    url = os.environ["BARE_DATABASE_URL"]
    engine = create_engine(url, pool_pre_ping=True)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _pragmas(connection, record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    post_lines = _lines(int(os.environ.get("BARE_POST_BYTES", "4000")))
    get_lines = _lines(int(os.environ.get("BARE_GET_BYTES", "4000")))

    @app.post("/bare")
    def insert_row():
        with engine.begin() as connection:
            connection.execute(rows.insert().values(note="step"))
        return render_template_string(PAGE, lines=post_lines)

    @app.get("/bare")
    def show_page():
        return render_template_string(PAGE, lines=get_lines)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
