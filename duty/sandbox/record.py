"""A plain record of what happened on a call, for scoring practice attempts.

Scoring reads only this record: the steps answered (flow, step, answers),
the call's events, who it was passed or redirected to, and its outcome. It
does not import the flows or their actions, so new steps added to the
guidance are scored by what they record.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RecordedStep:
    flow: str
    step_id: str
    answers: dict
    at: datetime | None = None

    @property
    def ref(self) -> str:
        return f"{self.flow}.{self.step_id}"


@dataclass(frozen=True)
class RecordedEvent:
    kind: str
    at: datetime | None = None


@dataclass
class CallRecord:
    caller_type: str | None = None
    case_reference: str | None = None
    outcome: str | None = None
    status: str = "ended"
    passed_to_name: str | None = None
    redirected_team_name: str | None = None
    steps: list[RecordedStep] = field(default_factory=list)
    events: list[RecordedEvent] = field(default_factory=list)

    @classmethod
    def from_call(cls, call) -> "CallRecord":
        """Copy what scoring needs out of a call and its live steps and events."""
        return cls(
            caller_type=call.caller_type,
            case_reference=call.case.reference if call.case else None,
            outcome=call.outcome,
            status=str(call.status),
            passed_to_name=call.passed_to.full_name if call.passed_to else None,
            redirected_team_name=(
                call.redirected_to_team.name if call.redirected_to_team else None
            ),
            steps=[
                RecordedStep(s.flow, s.step_id, s.answer_dict, s.answered_at)
                for s in call.live_steps()
            ],
            events=[RecordedEvent(e.kind, e.at) for e in call.events],
        )

    def texts(self) -> list[tuple[int, str]]:
        """Return (step position, text) for every text answer the handler recorded."""
        found = []
        for position, step in enumerate(self.steps):
            for value in step.answers.values():
                values = value if isinstance(value, list) else [value]
                found += [(position, v) for v in values if isinstance(v, str)]
        return found
