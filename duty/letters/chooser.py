"""Letter templates and the rules that propose one for a case and recipient."""

from dataclasses import dataclass, field

HELD = ("prison", "immigration_prison", "removal_centre")
IN_PRISON = ("prison", "immigration_prison")
RELEASED = ("community",)


@dataclass(frozen=True)
class LetterTemplate:
    code: str
    title: str
    use: str
    recipients: tuple[str, ...]
    # Custody statuses that the letter's wording assumes.
    custody_statuses: tuple[str, ...]

    @property
    def document(self) -> str:
        """Return the Jinja template that contains this letter's wording."""
        return f"letters/documents/{self.code.replace('.', '').lower()}.html"


TEMPLATES = {
    template.code: template
    for template in (
        LetterTemplate(
            "ICD.4488",
            "Letter on allocation: custody, to the representative",
            "To the legal representative of a person who is held.",
            ("representative",),
            HELD,
        ),
        LetterTemplate(
            "ICD.4489",
            "Letter on allocation: custody, through the prison",
            "To a person still serving a custodial sentence, handed over by the "
            "prison.",
            ("offender",),
            IN_PRISON,
        ),
        LetterTemplate(
            "ICD.4492",
            "Letter on allocation: released",
            "To a person who has been released, or to their legal representative.",
            ("offender", "representative"),
            RELEASED,
        ),
        LetterTemplate(
            "ICD.4599",
            "Letter on allocation: detained under immigration powers",
            "To a person detained under immigration powers in a removal centre or "
            "prison.",
            ("offender",),
            HELD,
        ),
        LetterTemplate(
            "ICD.4491",
            "Allocation fax cover for the prison or removal centre",
            "Faxed to the prison or removal centre with the letter for the person "
            "held there.",
            ("offender",),
            HELD,
        ),
        LetterTemplate(
            "ICD.4490",
            "Induction interview cover letter",
            "Given to the person at their prison induction interview when the case "
            "is allocated there.",
            ("offender",),
            IN_PRISON,
        ),
    )
}

STATUS_PHRASES = {
    "prison": "serving a custodial sentence",
    "immigration_prison": "detained under immigration powers in a prison",
    "removal_centre": "detained in an immigration removal centre",
    "community": "released and living in the community",
}


NO_CUSTODY_STATUS = (
    "The case has no custody status recorded. Record in the casework system "
    "whether the person is in prison, detained or released, then write the letter, "
    "because every letter's wording depends on it"
)
HELD_PHRASES = {
    IN_PRISON: "in prison",
    HELD: "held in prison or a removal centre",
    RELEASED: "released",
}


@dataclass
class Proposal:
    """The proposed template, the reasons for it, and letters that go with it."""

    template: str | None
    reasons: list[str] = field(default_factory=list)
    companions: dict[str, str] = field(default_factory=dict)


def propose(
    custody_status: str | None,
    recipient: str,
    purpose: str,
    reply_method: str | None = None,
) -> Proposal:
    """Propose a template from where the person is, who is written to and why."""
    if custody_status not in STATUS_PHRASES:
        return Proposal(None, [NO_CUSTODY_STATUS])
    if purpose == "reply":
        return _propose_reply(custody_status, recipient, reply_method)
    if purpose == "induction":
        return _propose_induction(custody_status, recipient)
    proposal = _propose_allocation(custody_status, recipient)
    if purpose == "transfer":
        proposal.reasons.append(
            "The case moved permanently to a team with a different duty number, "
            "so the person is sent their allocation letter again."
        )
    return proposal


def _propose_allocation(custody_status: str, recipient: str) -> Proposal:
    phrase = STATUS_PHRASES[custody_status]
    if recipient == "representative":
        if custody_status == "community":
            return Proposal(
                "ICD.4492",
                [
                    f"The person is {phrase}, and ICD.4492 is the letter for a "
                    "released person or their representative."
                ],
            )
        reasons = [
            f"The person is {phrase}, and ICD.4488 is the letter for the "
            "representative of a person who is held."
        ]
        if custody_status != "prison":
            reasons.append(
                "No separate allocation letter exists for the representative of a "
                "person detained under immigration powers, so the custody letter "
                "for representatives is proposed."
            )
        return Proposal("ICD.4488", reasons)
    if custody_status == "community":
        return Proposal(
            "ICD.4492",
            [
                f"The person is {phrase}, so ICD.4492 is posted to the address on "
                "record."
            ],
        )
    if custody_status == "prison":
        proposal = Proposal(
            "ICD.4489",
            [f"The person is {phrase}, and the prison hands ICD.4489 to them."],
        )
    else:
        proposal = Proposal(
            "ICD.4599",
            [
                f"The person is {phrase}, and ICD.4599 is the letter for a person "
                "detained under immigration powers."
            ],
        )
    if custody_status in IN_PRISON:
        proposal.companions["ICD.4491"] = (
            "Fax this cover to the prison with the letter, so that the prison "
            "knows which team owns the case."
        )
    return proposal


def _propose_induction(custody_status: str, recipient: str) -> Proposal:
    if recipient == "offender" and custody_status in IN_PRISON:
        return Proposal(
            "ICD.4490",
            [
                "The case was allocated at the prison induction interview, where the "
                "prison operations and removal team gives the person ICD.4490."
            ],
        )
    proposal = _propose_allocation(custody_status, recipient)
    if recipient == "representative":
        note = (
            "The induction cover letter is only for the person at the interview, "
            "so their representative gets the allocation letter."
        )
    else:
        note = (
            "Induction interviews take place in prison, but the person is "
            f"{STATUS_PHRASES[custody_status]}, so the allocation letter applies."
        )
    proposal.reasons.insert(0, note)
    return proposal


def _propose_reply(
    custody_status: str, recipient: str, reply_method: str | None
) -> Proposal:
    if reply_method == "fax" and recipient == "offender" and custody_status in HELD:
        return Proposal(
            "ICD.4491",
            [
                "A reply by fax to a person who is held goes to their prison or "
                "removal centre under the fax cover ICD.4491."
            ],
        )
    proposal = _propose_allocation(custody_status, recipient)
    proposal.companions.clear()
    proposal.reasons.append(
        "A written reply uses the layout of the allocation letter for this "
        "recipient, so it is addressed the same way and gives the same contact "
        "details."
    )
    return proposal


def check_template(code: str, recipient: str, custody_status: str | None) -> str:
    """Return why the template cannot be sent to this recipient, or ''."""
    template = TEMPLATES.get(code)
    if template is None:
        return "Select the letter to send"
    if custody_status not in STATUS_PHRASES:
        return NO_CUSTODY_STATUS
    if recipient not in template.recipients:
        return (
            f"{code} is not written to {_recipient_phrase(recipient)}. Select "
            "another letter, or go back and change who the letter is to"
        )
    if custody_status not in template.custody_statuses:
        return (
            f"{code} is for a person who is "
            f"{HELD_PHRASES[template.custody_statuses]}, but this person is "
            f"{STATUS_PHRASES[custody_status]}. Select another letter"
        )
    return ""


def _recipient_phrase(recipient: str) -> str:
    return "a representative" if recipient == "representative" else "the offender"
