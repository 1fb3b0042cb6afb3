"""Score a practice call against its scenario's expected handling.

Each expectation gives one finding: done right, or broken with the reason,
linked to the guidance topic. Signals such as "event:*warn*" match the
recorded steps, events, outcome and answers by name, so steps that other
parts of the desk add are scored by what they record, not by their code.
"""

import re
from dataclasses import asdict, dataclass
from fnmatch import fnmatchcase

from duty.calls.models import CALLER_TYPES, OUTCOMES
from duty.guidance.topics import load_topics
from duty.sandbox.record import CallRecord
from duty.sandbox.world import STAFF_DIRECT_LINES, STAFF_NAMES, TEAMS

# Named groups of signals. Each matches the ways a call can record the fact,
# so that a scenario names the fact once.
SIGNAL_SETS = {
    "@verified": ("answer:*=verified", "event:*verified*"),
    "@doubt": ("answer:*=doubt", "answer:*=mismatch", "event:*doubt*"),
    "@write_in": (
        "outcome:write_in",
        "outcome:*writ*",
        "answer:*=write_in",
        "answer:*=in_writing",
        "step:*write_in*",
        "step:*.in_writing",
        "step:*.doubt",
        "step:*.no_representative",
    ),
    "@call_back": (
        "answer:*=call_back",
        "answer:*call_back*=yes",
        "step:*call_back*",
        "step:*.removal",
        "outcome:*call_back*",
    ),
    "@promised": ("outcome:promised", "answer:call_outcome=promised"),
    "@manager": ("outcome:manager", "answer:*=manager", "event:*manager*"),
    "@warned": ("event:*warn*", "step:*warn*"),
    "@terminated": ("outcome:*terminat*", "event:*terminat*"),
    "@threat_reported": ("event:*threat*", "step:*threat*"),
    "@security_unit": ("answer:*=dsu", "event:*dsu*", "event:*security*"),
    "@complaint": ("event:*complaint*", "step:*complaint*"),
}
ENTRY_STEPS = ("initial.reference", "initial.identify")


@dataclass(frozen=True)
class Finding:
    passed: bool
    text: str
    topic: str
    topic_title: str
    points: int
    check: str


@dataclass(frozen=True)
class Debrief:
    findings: list[Finding]
    score: int
    max_score: int

    @property
    def done_right(self) -> list[Finding]:
        return [f for f in self.findings if f.passed]

    @property
    def broken(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed]

    def findings_as_dicts(self) -> list[dict]:
        return [asdict(f) for f in self.findings]


def _expand(signals) -> list[str]:
    expanded = []
    for signal in signals:
        expanded += SIGNAL_SETS.get(signal, (signal,))
    return expanded


def _timeline(record: CallRecord) -> list[str]:
    """Return every matchable name in call order: steps and events, then the outcome."""
    items = []
    for index, step in enumerate(record.steps):
        names = [f"step:{step.ref}"]
        for key, value in step.answers.items():
            values = value if isinstance(value, list) else [value]
            names += [f"answer:{key}={v}" for v in values]
        items.append((step.at, 0, index, names))
    for index, event in enumerate(record.events):
        items.append((event.at, 1, index, [f"event:{event.kind}"]))
    items.sort(key=lambda item: (item[0] is not None, item[0], item[1], item[2]))
    timeline = [names for *_, names in items]
    if record.outcome:
        timeline.append([f"outcome:{record.outcome}"])
    return timeline


def _matches(name: str, signal: str) -> bool:
    kind, _, pattern = signal.partition(":")
    if not name.startswith(kind + ":"):
        return False
    value = name[len(kind) + 1 :]
    if kind == "answer" and "=" not in pattern:
        value = value.split("=", 1)[0]
    return fnmatchcase(value.casefold(), pattern.casefold())


def first_position(record: CallRecord, signals) -> int | None:
    """Return the timeline position where any of the signals first shows, or None."""
    expanded = _expand(signals)
    for position, names in enumerate(_timeline(record)):
        if any(_matches(name, signal) for name in names for signal in expanded):
            return position
    return None


def _step_position(record: CallRecord, signals) -> int | None:
    """Return the index of the first step whose own names match the signals."""
    expanded = _expand(signals)
    for index, step in enumerate(record.steps):
        names = [f"step:{step.ref}"] + [
            f"answer:{k}={v}" for k, v in step.answers.items()
        ]
        if any(_matches(n, s) for n in names for s in expanded):
            return index
    return None


def _digits(text: str) -> str:
    return re.sub(r"[\s\-()]", "", text)


def _check_signal(expectation, record) -> tuple[bool, str]:
    options = expectation.options
    present = first_position(record, options["any"]) if options.get("any") else 0
    if present is None:
        return False, ""
    if options.get("none") and first_position(record, options["none"]) is not None:
        return False, ""
    if options.get("after"):
        before = first_position(record, options["after"])
        if before is None or before >= present:
            return False, ""
    return True, ""


def _check_no_disclosure(expectation, record, scenario) -> tuple[bool, str]:
    until = expectation.options.get("until")
    cleared_at = _step_position(record, [until]) if until else None
    disclosed = []
    for position, text in record.texts():
        if cleared_at is not None and position > cleared_at:
            continue
        folded = text.casefold()
        for secret in scenario.secrets:
            if any(m.casefold() in folded for m in secret.match):
                disclosed.append(secret.label)
    if not disclosed:
        return True, ""
    return False, "You recorded giving out " + ", ".join(sorted(set(disclosed))) + "."


def _check_never_give(expectation, record, scenario) -> tuple[bool, str]:
    numbers = list(scenario.never_give)
    if expectation.options.get("staff_lines", True):
        numbers += STAFF_DIRECT_LINES
    given = [
        number
        for number in numbers
        if any(_digits(number) in _digits(text) for _, text in record.texts())
    ]
    if not given:
        return True, ""
    return False, "Number given: " + ", ".join(given) + "."


def _check_builtin(expectation, record, scenario) -> tuple[bool, str]:
    check, options = expectation.check, expectation.options
    if check == "greeting":
        return any(s.ref == "initial.greeting" for s in record.steps), ""
    if check == "caller_type":
        recorded = CALLER_TYPES.get(record.caller_type or "", "nobody")
        return record.caller_type == scenario.caller_type, f"You recorded: {recorded}."
    if check == "case_found":
        found = record.case_reference or "no case"
        return record.case_reference == scenario.case_reference, f"You found: {found}."
    if check == "no_case_lookup":
        looked = any(s.ref in ENTRY_STEPS for s in record.steps)
        return not looked and record.case_reference is None, ""
    if check == "route":
        expected = STAFF_NAMES[options["to"]]
        passed = record.passed_to_name or "nobody"
        return record.passed_to_name == expected, f"You passed the call to {passed}."
    if check == "redirect":
        owning = TEAMS[scenario.case["team"]]["name"]
        ok = record.outcome == "redirected" and record.redirected_team_name == owning
        return ok, ""
    if check == "outcome":
        label = OUTCOMES.get(record.outcome or "", record.outcome or "none")
        return record.outcome in options["outcomes"], f"The call ended as: {label}."
    raise ValueError(f"unknown check {check!r}")


def score(scenario, record: CallRecord) -> Debrief:
    """Check a recorded call against every expectation of its scenario."""
    topics = load_topics()["by_slug"]
    findings = []
    for expectation in scenario.expectations:
        if expectation.check == "signal":
            passed, detail = _check_signal(expectation, record)
        elif expectation.check == "no_disclosure":
            passed, detail = _check_no_disclosure(expectation, record, scenario)
        elif expectation.check == "never_give":
            passed, detail = _check_never_give(expectation, record, scenario)
        else:
            passed, detail = _check_builtin(expectation, record, scenario)
        text = expectation.name if passed else f"{expectation.mistake} {detail}".strip()
        findings.append(
            Finding(
                passed=passed,
                text=text,
                topic=expectation.topic,
                topic_title=topics[expectation.topic]["title"],
                points=expectation.points,
                check=expectation.check,
            )
        )
    total = sum(f.points for f in findings if f.passed)
    return Debrief(findings, total, scenario.max_score)
