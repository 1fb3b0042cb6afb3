"""The abusive-caller scenario over HTTP, once the desk has its incident steps.

Skipped while the app has no incidents area.
"""

import pytest

from duty.sandbox import attempts
from duty.sandbox.scenarios import all_scenarios
from tests.conftest import text_of
from tests.sandbox.helpers import PREFIX, answer, finish, opening, start_scenario


@pytest.fixture
def abusive_call(trainee, login_as):
    missing = attempts.missing_needs(all_scenarios()["abusive-caller"])
    if missing:
        pytest.skip(f"needs the {', '.join(missing)} steps")
    client = login_as(trainee)
    public_id = start_scenario(client, "abusive-caller")
    opening(client, public_id, "Gary Duncan", "offender")
    answer(client, public_id, {"has_reference": "yes", "reference": "P1000013"})
    return client, public_id


def test_warning_then_termination_full_marks(abusive_call):
    client, public_id = abusive_call
    base = f"{PREFIX}/incidents/calls/{public_id}"

    warned = client.post(f"{base}/warning", data={"form_key": "warning-1"})
    ended = client.post(f"{base}/termination", data={"form_key": "termination-1"})
    debrief = text_of(finish(client, public_id))

    assert warned.status_code in (302, 303)
    assert ended.status_code in (302, 303)
    assert "Full marks" in debrief


def test_ending_without_warning_is_named(abusive_call):
    client, public_id = abusive_call

    client.post(f"{PREFIX}/calls/{public_id}/end", data={"reason": "Abusive"})
    debrief = text_of(finish(client, public_id))

    assert "Did not warn the caller that the call would end" in debrief
    assert "Guidance: Dealing with abusive and persistent calls" in debrief
