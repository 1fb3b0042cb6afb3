"""Every action code the app records has a label, and every label is used."""

import ast
from pathlib import Path

from duty.auditlog.actions import ACTION_LABELS, action_label
from duty.teams.line_models import DiversionKind

DUTY = Path(__file__).resolve().parents[2] / "duty"
# f-string codes, with every value their placeholder takes.
TEMPLATES = {
    "diversion.{}": [DiversionKind.DIVERTED, DiversionKind.CANCELLED],
}
# Calls that pass the code in a variable, and the codes that variable takes.
VARIABLE_CODES = {
    "calls/disclosure.py": ["disclosure", "disclosure.withheld"],
    "incidents/blueprint.py": [],
    "letters/establishments.py": [
        "establishment.add",
        "establishment.change",
    ],  # audit_view() passes on its callers' codes
}


def _recording_calls():
    """Yield (file, first argument) of every audit.record() and audit_view() call."""
    for path in sorted(DUTY.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_record = (
                isinstance(func, ast.Attribute)
                and func.attr == "record"
                and isinstance(func.value, ast.Name)
                and func.value.id == "audit"
            )
            is_audit_view = isinstance(func, ast.Name) and func.id == "audit_view"
            if is_record or is_audit_view:
                yield path.relative_to(DUTY).as_posix(), node.args[0]


def _recorded_codes() -> tuple[set[str], set[str]]:
    """Return the codes found, and the files that pass a code in a variable."""
    codes, variable_files = set(), set()
    for file, argument in _recording_calls():
        if isinstance(argument, ast.Constant):
            codes.add(argument.value)
        elif isinstance(argument, ast.JoinedStr):
            template = "".join(
                part.value if isinstance(part, ast.Constant) else "{}"
                for part in argument.values
            )
            codes.update(template.format(value) for value in TEMPLATES[template])
        else:
            variable_files.add(file)
            codes.update(VARIABLE_CODES[file])
    return codes, variable_files


def test_every_recorded_action_has_label():
    codes, _ = _recorded_codes()

    missing = codes - ACTION_LABELS.keys()

    assert len(codes) > 50
    assert not missing, f"action codes with no label in ACTION_LABELS: {missing}"


def test_every_label_is_recorded():
    codes, _ = _recorded_codes()

    unused = ACTION_LABELS.keys() - codes

    assert not unused, f"labels for codes nothing records: {unused}"


def test_variable_codes_listed():
    _, variable_files = _recorded_codes()

    assert variable_files == VARIABLE_CODES.keys()


def test_labels_are_unique():
    labels = list(ACTION_LABELS.values())

    assert len(labels) == len(set(labels))


def test_unknown_code_shown_as_is():
    assert action_label("case.view") == "Case viewed"
    assert action_label("something.new") == "something.new"
