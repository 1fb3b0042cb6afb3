"""Scenario files: coverage of the guidance, and checks on broken files."""

import pytest

from duty.calls.models import CALLER_TYPES
from duty.guidance.topics import topic_slugs
from duty.sandbox.scenarios import ScenarioError, all_scenarios, load_scenario
from duty.sandbox.world import STAFF_KEYS

GOOD = """
id = "sample"
title = "Sample"
version = "1"
caller_type = "offender"
summary = "A sample caller."

[caller]
name = "Ann Example"
opening = "Hello."

[[expect]]
check = "greeting"
name = "Greeted."
mistake = "Did not greet."
topic = "initial-call"
"""


def _load(tmp_path, body):
    path = tmp_path / "sample.toml"
    path.write_text(body, encoding="utf-8")
    return load_scenario(path, topic_slugs(), STAFF_KEYS)


def test_at_least_twelve_scenarios():
    assert len(all_scenarios()) >= 12


def test_every_caller_type_is_covered():
    covered = {scenario.caller_type for scenario in all_scenarios().values()}

    assert covered == set(CALLER_TYPES)


@pytest.mark.parametrize(
    "scenario_id",
    [
        "wrong-team",
        "absent-case-owner",
        "verification-mismatch",
        "representative-not-on-record",
        "third-party-without-authority",
        "press-call",
        "removal-within-72-hours",
        "abusive-caller",
        "threat-to-staff",
        "complaint",
    ],
)
def test_required_situation_has_a_scenario(scenario_id):
    assert scenario_id in all_scenarios()


def test_situations_are_set_up_in_the_case():
    scenarios = all_scenarios()

    assert scenarios["absent-case-owner"].case["owner_absent"] is True
    assert scenarios["removal-within-72-hours"].case["removal_in_hours"] <= 72
    assert scenarios["wrong-team"].case["team"] != "north"
    assert scenarios["verification-mismatch"].gets_wrong


def test_every_scenario_has_caller_lines():
    for scenario in all_scenarios().values():
        assert scenario.opening or scenario.lines, scenario.id
        assert scenario.max_score > 0


def test_sample_file_loads(tmp_path):
    scenario = _load(tmp_path, GOOD)

    assert scenario.id == "sample"
    assert scenario.max_score == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('caller_type = "offender"', 'caller_type = "nobody"'), "unknown caller type"),
        (
            ('topic = "initial-call"', 'topic = "no-such-topic"'),
            "unknown guidance topic",
        ),
        (('check = "greeting"', 'check = "guess"'), "unknown check"),
        (('check = "greeting"', 'check = "signal"\nany = ["nothing"]'), "bad signal"),
        (('check = "greeting"', 'check = "route"'), "route check needs 'to'"),
        (
            ('check = "greeting"', 'check = "outcome"\noutcomes = ["x"]'),
            "known outcomes",
        ),
        (('name = "Greeted."', 'name = ""'), "missing 'name'"),
        (('id = "sample"', ""), "missing 'id'"),
        (('version = "1"', "version = "), "not valid TOML"),
    ],
)
def test_broken_file_is_named(tmp_path, change, message):
    with pytest.raises(ScenarioError) as raised:
        _load(tmp_path, GOOD.replace(*change))

    assert "sample.toml" in str(raised.value)
    assert message in str(raised.value)


def test_secret_the_caller_says_is_refused(tmp_path):
    body = GOOD + '\n[[secrets]]\nlabel = "greeting"\nmatch = ["hello"]\n'

    with pytest.raises(ScenarioError, match="is in the caller's own words"):
        _load(tmp_path, body)


def test_unknown_staff_is_refused(tmp_path):
    body = GOOD + (
        '\n[case]\nreference = "P9999999"\ngiven_names = "A"\nsurname = "B"\n'
        'date_of_birth = 1980-01-01\nteam = "north"\nowner = "nobody"\n'
    )

    with pytest.raises(ScenarioError, match="unknown staff"):
        _load(tmp_path, body)


def test_expectations_are_required(tmp_path):
    body = GOOD.split("[[expect]]")[0]

    with pytest.raises(ScenarioError, match="no expectations"):
        _load(tmp_path, body)


def test_caller_dates_follow_the_case():
    from datetime import date

    from duty.sandbox.scenarios import fill_dates

    scenario = all_scenarios()["offender-wants-to-go-home"]
    dates = scenario.case_dates(date(2026, 12, 4))

    assert dates == {"last_contact_on": "13 November 2026"}
    assert fill_dates("On {last_contact_on}.", dates) == "On 13 November 2026."


def test_letter_date_follows_the_letter():
    from datetime import date

    scenario = all_scenarios()["third-party-written-to"]

    dates = scenario.case_dates(date(2026, 12, 4))

    assert dates["letter_sent_on"] == "20 November 2026"


def test_unknown_date_placeholder_is_refused(tmp_path):
    body = GOOD.replace('opening = "Hello."', 'opening = "On {birthday}."')

    with pytest.raises(ScenarioError, match="unknown placeholder"):
        _load(tmp_path, body)
