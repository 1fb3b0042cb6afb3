"""Import every model so that metadata and migrations see the whole schema."""

from duty.audit import AuditEvent
from duty.auth.models import Role, User
from duty.calls.models import Call, CallEvent, CallStep
from duty.cases.models import (
    Case,
    CaseAlias,
    CaseNote,
    Establishment,
    Representative,
    ThirdParty,
    WrittenAuthority,
)
from duty.followups.models import FollowUp
from duty.incidents.models import (
    AbuseEntry,
    AbuseSheet,
    CaseFileCopy,
    Complaint,
    EstablishmentFollowUp,
    ThreatReferral,
    ThreatReport,
)
from duty.letters.models import CaseTransfer, Letter, LetterTask
from duty.sandbox.models import PracticeAttempt, PracticeWorld
from duty.teams.line_models import (
    DiversionConfirmation,
    FirstAnswerer,
    OutOfHoursMessage,
    TrainingRecord,
    Voicemail,
)
from duty.teams.models import Absence, RotaCover, Team

__all__ = [
    "AbuseEntry",
    "AbuseSheet",
    "Absence",
    "AuditEvent",
    "Call",
    "CallEvent",
    "CallStep",
    "Case",
    "CaseAlias",
    "CaseFileCopy",
    "CaseNote",
    "Establishment",
    "DiversionConfirmation",
    "FirstAnswerer",
    "FollowUp",
    "CaseTransfer",
    "Letter",
    "LetterTask",
    "OutOfHoursMessage",
    "Complaint",
    "EstablishmentFollowUp",
    "PracticeAttempt",
    "PracticeWorld",
    "Representative",
    "Role",
    "RotaCover",
    "Team",
    "ThirdParty",
    "TrainingRecord",
    "ThreatReferral",
    "ThreatReport",
    "User",
    "Voicemail",
    "WrittenAuthority",
]
