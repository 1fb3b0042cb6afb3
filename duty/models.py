"""Import every model so that metadata and migrations see the whole schema."""

from duty.audit import AuditEvent
from duty.auth.models import Role, User
from duty.calls.models import Call, CallEvent, CallStep
from duty.cases.models import (
    Case,
    CaseAlias,
    CaseNote,
    Representative,
    ThirdParty,
    WrittenAuthority,
)
from duty.sandbox.models import PracticeAttempt, PracticeWorld
from duty.teams.models import Absence, RotaCover, Team

__all__ = [
    "Absence",
    "AuditEvent",
    "Call",
    "CallEvent",
    "CallStep",
    "Case",
    "CaseAlias",
    "CaseNote",
    "PracticeAttempt",
    "PracticeWorld",
    "Representative",
    "Role",
    "RotaCover",
    "Team",
    "ThirdParty",
    "User",
    "WrittenAuthority",
]
