from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from duty.incidents import forms, rules


def _recipients(categories, police=False) -> list[str]:
    return [r.recipient for r in rules.referrals_for(set(categories), police)]


@pytest.mark.parametrize(
    ("categories", "police", "expected"),
    [
        (["staff_or_minister"], False, ["dsu"]),
        (["detainee"], False, ["establishment"]),
        (["children"], False, ["child_welfare"]),
        (["unsure"], False, ["manager", "dsu"]),
        (["children"], True, ["child_welfare", "police"]),
        (
            ["staff_or_minister", "unsure", "detainee"],
            False,
            ["manager", "dsu", "establishment"],
        ),
    ],
)
def test_referrals_for_each_category(categories, police, expected):
    assert _recipients(categories, police) == expected


def test_security_unit_urgent_only_for_staff_or_minister():
    staff = rules.referrals_for({"staff_or_minister"}, False)
    unsure = rules.referrals_for({"unsure"}, False)

    assert staff[0].urgent
    assert staff[0].after is None
    assert not unsure[1].urgent
    assert unsure[1].after == "manager"


@pytest.mark.parametrize(
    ("warned", "threatened", "allowed"),
    [
        (False, False, False),
        (True, False, True),
        (False, True, True),
        (True, True, True),
    ],
)
def test_may_terminate_needs_warning_or_threat(warned, threatened, allowed):
    assert rules.may_terminate(warned, threatened) is allowed


@pytest.mark.parametrize(
    ("status", "establishment", "held"),
    [
        ("prison", "HMP Northmoor", True),
        ("removal_centre", "Brook House", True),
        ("immigration_prison", "HMP Northmoor", True),
        ("community", "HMP Northmoor", False),
        ("prison", "  ", False),
        (None, None, False),
    ],
)
def test_is_held(status, establishment, held):
    assert rules.is_held(status, establishment) is held


def test_scripts_keep_the_guidance_wording():
    assert (
        "if you continue to speak or act in that way, the call will be terminated"
        in (rules.WARNING_SCRIPT)
    )
    assert "Any further representations must be made in writing." in (
        rules.TERMINATION_SCRIPT
    )


def test_behaviour_form_keeps_known_values_in_list_order():
    form = MultiDict(
        [
            ("behaviours", "shouting"),
            ("behaviours", "threatening"),
            ("behaviours", "bogus"),
        ]
    )

    result = forms.validate_behaviour(form)

    assert result.errors == []
    assert result.data["behaviours"] == ["threatening", "shouting"]


def test_text_over_limit_rejected():
    form = MultiDict(
        {
            "behaviours": "shouting",
            "what_was_said": "x" * 5001,
            "what_was_done": "Warned",
        }
    )

    result = forms.validate_sheet(form)

    assert result.messages == {
        "what_was_said": "What the caller said must be 5000 characters or fewer"
    }


def test_period_accepts_future_end_date():
    args = {
        "from-day": "1",
        "from-month": "12",
        "from-year": "2026",
        "to-day": "31",
        "to-month": "12",
        "to-year": "2026",
    }

    result = forms.validate_period(args, date(2026, 12, 4))

    assert result.errors == []
    assert result.data == {"from": date(2026, 12, 1), "to": date(2026, 12, 31)}
