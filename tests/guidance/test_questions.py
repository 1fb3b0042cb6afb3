"""Validation of a step's posted form against its questions."""

from datetime import date

from duty.guidance.questions import Option, Question, validate

TODAY = date(2026, 12, 2)
PARENT = Question(
    name="parent",
    label="Parent",
    type="radios",
    options=(Option("yes", "Yes"), Option("no", "No")),
    show_if={"fact": "yes"},
)
CHILD = Question(name="child", label="Child", type="text", show_if={"parent": "yes"})


def test_child_of_shown_parent_is_validated():
    answers, values, errors = validate(
        [PARENT, CHILD], {"parent": "yes"}, TODAY, {"fact": "yes"}
    )

    assert answers == {"parent": "yes"}
    assert [error.name for error in errors] == ["child"]


def test_hidden_parent_value_hides_child():
    form = {"parent": "yes", "child": "typed anyway"}

    answers, values, errors = validate([PARENT, CHILD], form, TODAY, {"fact": "no"})

    assert answers == {}
    assert errors == []
