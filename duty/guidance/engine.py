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
        return _PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), "")), self.script)


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
    for name in _PLACEHOLDER.findall(script):
        if name not in SCRIPT_FIELDS:
            raise FlowError(f"{where}: unknown placeholder {{{name}}} in script")

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
        prompts=tuple(raw.get("prompts", [])),
        questions=tuple(questions),
        action=raw.get("action"),
        panel=raw.get("panel"),
        button=raw.get("button", "Continue"),
        rules=tuple(rules),
    )


def _check_flow_links(flows: dict[str, Flow]) -> None:
    for flow in flows.values():
        for step in flow.steps.values():
            for rule in step.rules:
                if rule.goto.startswith("flow:"):
                    target = rule.goto.removeprefix("flow:")
                    if target not in flows and target != "caller":
                        raise FlowError(
                            f"{flow.source}: step {step.id!r} goes to unknown flow "
                            f"{target!r}"
                        )
