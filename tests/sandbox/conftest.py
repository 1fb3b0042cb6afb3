import pytest

from duty.auth.models import Role
from duty.sandbox import world


@pytest.fixture
def practice(app):
    """A practice database rebuilt from the scenarios, with no attempts kept."""
    world.reset(keep_attempts=False)
    return world


@pytest.fixture
def trainee(world, build, practice):
    return build.user("trainee", Role.TRAINEE, world.team, name="Sam Patel")
