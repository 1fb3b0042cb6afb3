"""Load guidance flows from data files, validate them, and run their steps.

A flow is a TOML file: a title, a version, a start step and a table of
steps. Each step contains the script to read, the questions to ask with their
validation, warnings, a link to the guidance topic, an optional action that
works something out on the server, and rules choosing the next step.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from duty.guidance import facts
from duty.guidance.questions import QUESTION_TYPES, Question, is_shown

END = "end"
SCRIPT_FIELDS = {
    "handler_name",
    "team_name",
    "team_duty_number",
    "team_address",
    "press_office_number",
    "frs_hotline",
}
_PLACEHOLDER = re.compile(r"{([a-z_]+)}")
# A UK telephone number written in guidance text, with or without spaces.
_PHONE_NUMBER = re.compile(r"(?:\+44[\s-]?|\b0)\d(?:[\s-]?\d){8,9}\b")
# Guidance text may show only these numbers. Any other number (a unit's
# internal line, an official's direct line) must never reach a call screen.
ALLOWED_NUMBERS = {
    re.sub(r"\D", "", number)
    for number in (facts.PRESS_OFFICE_NUMBER, facts.FRS_HOTLINE)
}
CALLER_FLOW = "caller"
# Answer names kept for server-side verification and for facts about the case
# record. A question with one of these names could let a posted form claim the
# caller was verified, or skip a question the record can check.
RESERVED_NAMES = frozenset(
    {
        "identity",
        "verified_as",
        "verified_by",
        "verified_case",
        "entitled",
        "checks",
        "check_reasons",
        "third_party_id",
        "representative_id",
        "contact_on_record",
    }
)
# The flow each type of caller is handled in once the call reaches its handler.
# Press calls never get there: the initial flow refers them to the press office.
CALLER_FLOWS = {
    "offender": "offender",
    "representative": "representative",
    "third_party": "third_party",
    "press": "other",
    "other": "other",
}


def caller_flow_id(caller_type: str | None) -> str:
    """Return the flow that handles this type of caller, "other" when unknown."""
    return CALLER_FLOWS.get(caller_type or "", "other")


class FlowError(Exception):
    """A guidance file that cannot be used, naming the file and step."""


@dataclass(frozen=True)
class Rule:
    goto: str
    when: dict = field(default_factory=dict)
    outcome: str | None = None

    def matches(self, facts: dict) -> bool:
        for name, wanted in self.when.items():
            value = facts.get(name)
            if isinstance(wanted, list):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    guidance: str
    script: str = ""
    script_mandated: bool = False
    intro: str = ""
    warnings: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    action: str | None = None
    panel: str | None = None
    button: str = "Continue"
    rules: tuple[Rule, ...] = ()

    def next_rule(self, facts: dict) -> Rule:
        for rule in self.rules:
            if rule.matches(facts):
                return rule
        raise FlowError(f"step {self.id!r} has no rule for these answers")

    def visible_questions(self, answers: dict) -> list[Question]:
        return [q for q in self.questions if is_shown(q, answers)]

    def render_script(self, context: dict) -> str:
        return fill_placeholders(self.script, context)

    def render_prompts(self, context: dict) -> list[str]:
        return [fill_placeholders(prompt, context) for prompt in self.prompts]


def fill_placeholders(text: str, context: dict) -> str:
    """Replace each {name} in guidance text with its value from the context."""
    return _PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), "")), text)


def check_numbers(text: str, where: str) -> None:
    """Raise FlowError if guidance text contains a telephone number not allowed."""
    for match in _PHONE_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        if digits not in ALLOWED_NUMBERS:
            raise FlowError(
                f"{where}: telephone number {match.group(0)!r} is not allowed in "
                "guidance text; use a placeholder such as {team_duty_number}"
            )


@dataclass(frozen=True)
class Flow:
    id: str
    title: str
    version: str
    start: str
    steps: dict[str, Step]
    source: str

    def step(self, step_id: str) -> Step:
        try:
            return self.steps[step_id]
        except KeyError:
            raise FlowError(f"{self.source}: no step {step_id!r}") from None


class FlowRegistry:
    """Every flow loaded from one folder, checked before the app starts."""

    def __init__(self, flows: dict[str, Flow], actions: set[str], panels: set[str]):
        self.flows = flows
        self.actions = actions
        self.panels = panels

    def get(self, flow_id: str) -> Flow:
        try:
            return self.flows[flow_id]
        except KeyError:
            raise FlowError(f"no guidance flow {flow_id!r}") from None

    @classmethod
    def load(cls, folder, actions: set[str], panels: set[str], topics: set[str]):
        folder = Path(folder)
        flows = {}
        for path in sorted(folder.glob("*.toml")):
            flow = load_flow(path, actions, panels, topics)
            if flow.id in flows:
                raise FlowError(f"{path.name}: flow id {flow.id!r} is used twice")
            flows[flow.id] = flow
        if not flows:
            raise FlowError(f"{folder}: no guidance flows found")
        _check_flow_links(flows)
        return cls(flows, actions, panels)


def load_flow(
    path: Path, actions: set[str], panels: set[str], topics: set[str]
) -> Flow:
    """Read and check one flow file; raise FlowError naming file and step."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FlowError(f"{path.name}: not valid TOML: {exc}") from exc

    for key in ("id", "title", "version", "start", "steps"):
        if key not in data:
            raise FlowError(f"{path.name}: missing {key!r}")

    steps = {}
    for step_id, raw in data["steps"].items():
        where = f"{path.name}: step {step_id!r}"
        steps[step_id] = _build_step(step_id, raw, where, actions, panels)
        if steps[step_id].guidance not in topics:
            raise FlowError(f"{where}: unknown guidance topic {raw['guidance']!r}")

    if data["start"] not in steps:
        raise FlowError(f"{path.name}: start step {data['start']!r} is not defined")
    for step in steps.values():
        for rule in step.rules:
            target = rule.goto
            if target != END and not target.startswith("flow:") and target not in steps:
                raise FlowError(
                    f"{path.name}: step {step.id!r} goes to unknown step {target!r}"
                )
    return Flow(
        id=data["id"],
        title=data["title"],
        version=str(data["version"]),
        start=data["start"],
        steps=steps,
        source=path.name,
    )


def _build_step(step_id, raw, where, actions, panels) -> Step:
    for key in ("title", "guidance", "next"):
        if key not in raw:
            raise FlowError(f"{where}: missing {key!r}")
    if raw.get("action") and raw["action"] not in actions:
        raise FlowError(f"{where}: unknown action {raw['action']!r}")
    if raw.get("panel") and raw["panel"] not in panels:
        raise FlowError(f"{where}: unknown panel {raw['panel']!r}")
    script = raw.get("script", "")
    prompts = raw.get("prompts", [])
    for text in (script, *prompts):
        for name in _PLACEHOLDER.findall(text):
            if name not in SCRIPT_FIELDS:
                raise FlowError(f"{where}: unknown placeholder {{{name}}} in script")
    for text in _texts_of(raw):
        check_numbers(text, where)

    questions = []
    for raw_question in raw.get("questions", []):
        kind = raw_question.get("type")
        if kind not in QUESTION_TYPES:
            raise FlowError(f"{where}: unknown question type {kind!r}")
        try:
            questions.append(Question.from_data(raw_question))
        except (KeyError, ValueError) as exc:
            raise FlowError(f"{where}: bad question: {exc}") from exc
    names = [q.name for q in questions]
    if len(names) != len(set(names)):
        raise FlowError(f"{where}: two questions share a name")
    reserved = sorted(RESERVED_NAMES.intersection(names))
    if reserved:
        raise FlowError(
            f"{where}: question name {reserved[0]!r} is kept for the server"
        )

    rules = []
    for raw_rule in raw["next"]:
        if "goto" not in raw_rule:
            raise FlowError(f"{where}: a next rule has no 'goto'")
        if raw_rule["goto"] == END and not raw_rule.get("outcome"):
            raise FlowError(f"{where}: a rule that ends the call needs an outcome")
        rules.append(
            Rule(
                goto=raw_rule["goto"],
                when=raw_rule.get("when", {}),
                outcome=raw_rule.get("outcome"),
            )
        )
    if not rules or rules[-1].when:
        raise FlowError(f"{where}: the last next rule must have no condition")

    return Step(
        id=step_id,
        title=raw["title"],
        guidance=raw["guidance"],
        script=script,
        script_mandated=bool(raw.get("script_mandated", False)),
        intro=raw.get("intro", ""),
        warnings=tuple(raw.get("warnings", [])),
        prompts=tuple(prompts),
        questions=tuple(questions),
        action=raw.get("action"),
        panel=raw.get("panel"),
        button=raw.get("button", "Continue"),
        rules=tuple(rules),
    )


def _texts_of(raw: dict) -> list[str]:
    """Return every piece of text a step can put on screen."""
    texts = [raw.get("title", ""), raw.get("script", ""), raw.get("intro", "")]
    texts += [*raw.get("warnings", []), *raw.get("prompts", []), raw.get("button", "")]
    for question in raw.get("questions", []):
        texts += [question.get("label", ""), question.get("hint", "")]
        for option in question.get("options", []):
            texts += [option.get("label", ""), option.get("hint", "")]
    return texts


def _check_flow_links(flows: dict[str, Flow]) -> None:
    needed = set(CALLER_FLOWS.values())
    for flow in flows.values():
        for step in flow.steps.values():
            for rule in step.rules:
                if rule.goto.startswith("flow:"):
                    target = rule.goto.removeprefix("flow:")
                    if target not in flows and target != CALLER_FLOW:
                        raise FlowError(
                            f"{flow.source}: step {step.id!r} goes to unknown flow "
                            f"{target!r}"
                        )
                    if target == CALLER_FLOW and not needed <= set(flows):
                        missing = ", ".join(sorted(needed - set(flows)))
                        raise FlowError(
                            f"{flow.source}: step {step.id!r} goes to the caller's "
                            f"flow, but these flows are missing: {missing}"
                        )
