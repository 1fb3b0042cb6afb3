"""Store the actor's team with each audit event

The audit search shows a manager the events of their team's members; with
the team stored at the time of the event, someone who moves team leaves
their earlier events with the team they were in. Existing events take the
actor's current team, the best record there is of it.

Revision ID: add5b1f4029a
Revises: 446db0a2bfea
Create Date: 2026-12-04 20:01:18.816527

"""

import sqlalchemy as sa
from alembic import op

revision = "add5b1f4029a"
down_revision = "446db0a2bfea"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_audit_events_team_id_teams"


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_audit_events_team_id"), ["team_id"], unique=False
        )
        batch_op.create_foreign_key(FOREIGN_KEY, "teams", ["team_id"], ["id"])
    op.execute(
        "UPDATE audit_events SET team_id = "
        "(SELECT users.team_id FROM users WHERE users.id = audit_events.user_id) "
        "WHERE user_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_audit_events_team_id"))
        batch_op.drop_column("team_id")
