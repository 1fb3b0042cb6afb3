"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from duty.extensions import db


def _reset(app):
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_migrations_match_the_models(app):
    _reset(app)

    upgrade()

    with db.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection), db.metadata
        )
    assert differences == []


def test_migrations_downgrade_to_nothing(app):
    _reset(app)
    upgrade()

    downgrade(revision="base")

    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
