"""Practice scenarios: scripted callers and the handling the guidance expects.

Each scenario is a TOML file in the scenarios folder. It names the caller's
type, what the caller says at each step and in answer to each question, the
facts they get wrong, the made-up case the call is about, and the checks
that make up the correct handling. Files are checked when the app starts: a
broken scenario stops it with a message naming the file.
"""

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from duty.calls.models import CALLER_TYPES, OUTCOMES
from duty.guidance.topics import topic_slugs

SCENARIO_DIR = Path(__file__).parent / "scenarios"

CHECKS = {
    "greeting",
    "caller_type",
    "case_found",
    "no_case_lookup",
    "route",
    "redirect",
    "outcome",
    "no_disclosure",
    "never_give",
    "signal",
}
SIGNAL_KINDS = ("step", "event", "outcome", "answer")
# Dates a caller can give, worked out from the case on the day of the call.
DATE_PLACEHOLDERS = {"last_contact_on", "letter_sent_on"}
_PLACEHOLDER = re.compile(r"{([a-z_]+)}")
NEEDS = {"verification", "incidents"}


class ScenarioError(Exception):
    """A scenario file that cannot be used, naming the file."""


@dataclass(frozen=True)
class Expectation:
    check: str
    name: str
    mistake: str
    topic: str
    points: int = 1
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Secret:
    label: str
    match: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    version: str
    caller_type: str
    summary: str
    takes_over: bool
    needs: tuple[str, ...]
    caller_name: str
    caller_number: str
    opening: str
    lines: dict
    answers: dict
    gets_wrong: tuple[str, ...]
    case: dict | None
    secrets: tuple[Secret, ...]
    never_give: tuple[str, ...]
    expectations: tuple[Expectation, ...]
    source: str

    @property
    def caller_type_label(self) -> str:
        return CALLER_TYPES[self.caller_type]

    @property
    def max_score(self) -> int:
        return sum(expectation.points for expectation in self.expectations)

    @property
    def case_reference(self) -> str | None:
        return self.case["reference"] if self.case else None

    def line_for(self, step_id: str) -> str:
        return self.lines.get(step_id, "")

    def case_dates(self, today: date) -> dict[str, str]:
        """Return the dates the caller can give, counted from today, as spoken."""
        case = self.case or {}
        days = {
            "last_contact_on": case.get("last_contact_days_ago"),
            "letter_sent_on": next(
                (
                    party["letter_days_ago"]
                    for party in case.get("third_parties", [])
                    if "letter_days_ago" in party
                ),
                None,
            ),
        }
        return {
            name: _spoken_date(today - timedelta(days=count))
            for name, count in days.items()
            if count is not None
        }


def fill_dates(text: str, dates: dict[str, str]) -> str:
    """Replace each date placeholder in a caller's words with its date."""
    return _PLACEHOLDER.sub(lambda m: dates.get(m.group(1), m.group(0)), text)


def _spoken_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _signal_ok(signal: str) -> bool:
    if signal.startswith("@"):
        return True
    kind, _, pattern = signal.partition(":")
    return kind in SIGNAL_KINDS and bool(pattern)


def _expectation(raw: dict, where: str, topics: set[str]) -> Expectation:
    check = raw.get("check")
    if check not in CHECKS:
        raise ScenarioError(f"{where}: unknown check {check!r}")
    for key in ("name", "mistake", "topic"):
        if not raw.get(key):
            raise ScenarioError(f"{where}: check {check!r} is missing {key!r}")
    if raw["topic"] not in topics:
        raise ScenarioError(f"{where}: unknown guidance topic {raw['topic']!r}")
    options = {
        k: v
        for k, v in raw.items()
        if k not in ("check", "name", "mistake", "topic", "points")
    }
    for signal in [*options.get("any", []), *options.get("none", [])]:
        if not _signal_ok(signal):
            raise ScenarioError(f"{where}: bad signal {signal!r}")
    if check == "signal" and not options.get("any") and not options.get("none"):
        raise ScenarioError(f"{where}: a signal check needs 'any' or 'none'")
    if check == "outcome":
        unknown = [o for o in options.get("outcomes", []) if o not in OUTCOMES]
        if not options.get("outcomes") or unknown:
            raise ScenarioError(f"{where}: outcome check needs known outcomes")
    if check == "route" and not options.get("to"):
        raise ScenarioError(f"{where}: route check needs 'to'")
    return Expectation(
        check=check,
        name=raw["name"],
        mistake=raw["mistake"],
        topic=raw["topic"],
        points=int(raw.get("points", 1)),
        options=options,
    )


def _caller_texts(data: dict) -> list[str]:
    caller = data.get("caller", {})
    texts = [caller.get("opening", ""), *caller.get("lines", {}).values()]
    return texts + [str(v) for v in caller.get("answers", {}).values()]


def load_scenario(path: Path, topics: set[str], staff_keys: set[str]) -> Scenario:
    """Read and check one scenario file; raise ScenarioError naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path.name}: not valid TOML: {exc}") from exc
    for key in ("id", "title", "version", "caller_type", "summary", "caller"):
        if key not in data:
            raise ScenarioError(f"{path.name}: missing {key!r}")
    if data["caller_type"] not in CALLER_TYPES:
        raise ScenarioError(f"{path.name}: unknown caller type {data['caller_type']!r}")
    needs = tuple(data.get("needs", []))
    if not set(needs) <= NEEDS:
        raise ScenarioError(f"{path.name}: unknown needs {needs!r}")

    case = data.get("case")
    if case is not None:
        for key in ("reference", "given_names", "surname", "date_of_birth", "team"):
            if key not in case:
                raise ScenarioError(f"{path.name}: case is missing {key!r}")
        if not isinstance(case["date_of_birth"], date):
            raise ScenarioError(f"{path.name}: case date_of_birth must be a date")
        for key in ("owner", "rota_cover"):
            if case.get(key) and case[key] not in staff_keys:
                raise ScenarioError(f"{path.name}: unknown staff {case[key]!r}")

    expectations = tuple(
        _expectation(raw, f"{path.name}: expect #{n}", topics)
        for n, raw in enumerate(data.get("expect", []), start=1)
    )
    if not expectations:
        raise ScenarioError(f"{path.name}: no expectations")
    secrets = tuple(
        Secret(s["label"], tuple(s["match"])) for s in data.get("secrets", [])
    )
    for text in _caller_texts(data):
        for name in _PLACEHOLDER.findall(text):
            if name not in DATE_PLACEHOLDERS:
                raise ScenarioError(f"{path.name}: unknown placeholder {{{name}}}")
    spoken = " ".join(_caller_texts(data)).casefold()
    for secret in secrets:
        if any(text.casefold() in spoken for text in secret.match):
            raise ScenarioError(
                f"{path.name}: secret {secret.label!r} is in the caller's own words. "
                "Remove it from the secrets or from the caller's lines"
            )

    caller = data["caller"]
    return Scenario(
        id=data["id"],
        title=data["title"],
        version=str(data["version"]),
        caller_type=data["caller_type"],
        summary=data["summary"],
        takes_over=bool(data.get("takes_over", False)),
        needs=needs,
        caller_name=caller.get("name", ""),
        caller_number=caller.get("number", ""),
        opening=caller.get("opening", ""),
        lines=dict(caller.get("lines", {})),
        answers={k: str(v) for k, v in caller.get("answers", {}).items()},
        gets_wrong=tuple(caller.get("gets_wrong", [])),
        case=case,
        secrets=secrets,
        never_give=tuple(data.get("never_give", [])),
        expectations=expectations,
        source=path.name,
    )


def load_scenarios(folder: Path = SCENARIO_DIR) -> dict[str, Scenario]:
    """Load every scenario in the folder, in file-name order."""
    from duty.sandbox.world import STAFF_KEYS

    topics = topic_slugs()
    scenarios: dict[str, Scenario] = {}
    references: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        scenario = load_scenario(path, topics, STAFF_KEYS)
        if scenario.id in scenarios:
            raise ScenarioError(
                f"{path.name}: scenario id {scenario.id!r} is used twice"
            )
        reference = scenario.case_reference
        if reference and reference in references:
            raise ScenarioError(
                f"{path.name}: case {reference} is already used by "
                f"{references[reference]}"
            )
        if reference:
            references[reference] = path.name
        scenarios[scenario.id] = scenario
    if not scenarios:
        raise ScenarioError(f"{folder}: no practice scenarios found")
    return scenarios


@cache
def all_scenarios() -> dict[str, Scenario]:
    return load_scenarios()
