"""Fixtures shared by the security tests."""

import pytest

from duty.auth.models import Role


@pytest.fixture
def people(world, build):
    """One user of every role in the first team, and an officer in the other."""
    users = {
        "admin_officer": world.admin,
        "case_owner": world.owner,
        "team_leader": world.leader,
        "manager": world.manager,
        "assistant_director": build.user("ad", Role.ASSISTANT_DIRECTOR, world.team),
        "trainee": build.user("trainee", Role.TRAINEE, world.team),
    }
    other_admin = build.user("admin.mid", Role.ADMIN_OFFICER, world.other)
    return users, other_admin
