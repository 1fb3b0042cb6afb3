"""Index surname prefixes on PostgreSQL

The lookup by date of birth and the start of a surname filtered every case
born that day, because a PostgreSQL B-tree under a non-C collation cannot
serve LIKE 'prefix%'. The varchar_pattern_ops operator class can.

Revision ID: 5c2e8d1a9f30
Revises: add5b1f4029a
Create Date: 2026-12-04 20:25:00

"""

from alembic import op

revision = "5c2e8d1a9f30"
down_revision = "add5b1f4029a"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_cases_dob_surname_key", table_name="cases")
    op.create_index(
        "ix_cases_dob_surname_key",
        "cases",
        ["date_of_birth", "surname_key"],
        postgresql_ops={"surname_key": "varchar_pattern_ops"},
    )


def downgrade():
    op.drop_index("ix_cases_dob_surname_key", table_name="cases")
    op.create_index(
        "ix_cases_dob_surname_key", "cases", ["date_of_birth", "surname_key"]
    )
