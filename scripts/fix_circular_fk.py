"""Move the teams-to-users foreign key out of CREATE TABLE in a fresh migration.

Teams and users refer to each other. Alembic leaves a use_alter constraint
out of op.create_table, so it is added once both tables exist.
"""

import re
import sys
from pathlib import Path

FK_LINE = re.compile(r"\n\s*sa\.ForeignKeyConstraint\(\['team_leader_id'\].*?\),")
ADD = """
    with op.batch_alter_table('teams') as batch_op:
        batch_op.create_foreign_key(
            'fk_teams_team_leader', 'users', ['team_leader_id'], ['id']
        )
"""
DROP = """    with op.batch_alter_table('teams') as batch_op:
        batch_op.drop_constraint('fk_teams_team_leader', type_='foreignkey')

"""

path = Path(sys.argv[1])
text = path.read_text()
text, count = FK_LINE.subn("", text)
assert count == 1, "team leader foreign key not found"
upgrade_end = text.index("    # ### end Alembic commands ###")
text = text[:upgrade_end] + ADD + text[upgrade_end:]
downgrade = text.index("def downgrade")
body = text.index("    op.", downgrade)
text = text[:body] + DROP + text[body:]
path.write_text(text)
