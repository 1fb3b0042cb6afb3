"""Add the establishments register

Postal addresses and fax numbers of prisons and removal centres, so
letters to someone held there can be addressed in full.

Revision ID: 446db0a2bfea
Revises: 1b7dfb57c9d4
Create Date: 2026-12-04 19:42:27.050801

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "446db0a2bfea"
down_revision = "1b7dfb57c9d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "establishments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=12), nullable=False),
        sa.Column("fax", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
    )


def downgrade():
    op.drop_table("establishments")
