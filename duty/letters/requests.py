"""Read and check the letter and reply forms, with GOV.UK error messages."""

import secrets
from dataclasses import dataclass

from duty.calls.models import Call
from duty.cases.models import Case, Representative
from duty.letters.chooser import (
    HELD,
    NO_CUSTODY_STATUS,
    STATUS_PHRASES,
    TEMPLATES,
    check_template,
    propose,
)

LETTER_PURPOSES = ("allocation", "induction", "transfer")
REPLY_METHODS = {
    "write_in": "Ask for the request in writing",
    "post": "Reply by post to the address on record",
    "fax": "Reply by fax (to the prison or removal centre, or to the "
    "representative's fax number on record)",
}
REPLY_HEADINGS = {
    "write_in": "Please put your request in writing",
    "post": "Reply to your telephone call",
    "fax": "Reply to your telephone call",
}
MAX_BODY = 5000
MAX_REASON = 1000


@dataclass
class LetterChoice:
    """The user's choice of recipient, purpose, template and any reply text."""

    recipient: str
    purpose: str
    template: str
    proposed: str | None
    representative: Representative | None = None
    override_reason: str | None = None
    reply_method: str | None = None
    body: str = ""
    call: Call | None = None
    form_key: str | None = None


def new_form_key() -> str:
    """Return a fresh key for a form, so that a repeated submission is noticed."""
    return secrets.token_urlsafe(16)


def read_form_key(form) -> str | None:
    """Return the form's key if it is one this app could have issued."""
    key = form.get("form_key", "")
    return key if 0 < len(key) <= 64 else None


def _error(text: str, field: str) -> dict:
    return {"text": text, "href": f"#{field}"}


def recipient_options(case: Case) -> list[tuple[str, str]]:
    """Return (value, label) for the offender and each current representative."""
    options = [("offender", f"{case.full_name} (the offender)")]
    for rep in case.representatives:
        if rep.current:
            name = (
                f"{rep.contact_name}, {rep.organisation}"
                if rep.contact_name
                else (rep.organisation)
            )
            options.append((f"representative:{rep.id}", f"{name} (representative)"))
    return options


def read_recipient(case: Case, value: str) -> tuple[str, Representative | None, str]:
    """Return (recipient, representative, error) from a recipient radio value."""
    if value == "offender":
        return "offender", None, ""
    kind, _, rep_id = value.partition(":")
    if kind == "representative":
        for rep in case.representatives:
            if rep.current and str(rep.id) == rep_id:
                return "representative", rep, ""
    return "", None, "Select who the letter is to"


def read_start(case: Case, args) -> tuple[dict, list[dict]]:
    """Check the first question page: who the letter is to and why."""
    values = {
        "recipient": args.get("recipient", ""),
        "purpose": args.get("purpose", ""),
    }
    errors = []
    recipient, representative, message = read_recipient(case, values["recipient"])
    if message:
        errors.append(_error(message, "recipient"))
    if values["purpose"] not in LETTER_PURPOSES:
        errors.append(_error("Select why you are sending the letter", "purpose"))
    values.update(recipient_kind=recipient, representative=representative)
    return values, errors


def read_letter_form(case: Case, form) -> tuple[LetterChoice | None, list[dict]]:
    """Check the letter form and return the choice, or None and the errors."""
    values, errors = read_start(case, form)
    if errors:
        return None, errors
    if case.custody_status not in STATUS_PHRASES:
        # No field can fix this, so the error summary item links nowhere.
        return None, [{"text": NO_CUSTODY_STATUS}]

    recipient = values["recipient_kind"]
    proposal = propose(case.custody_status, recipient, values["purpose"])
    template = form.get("template", "")
    message = check_template(template, recipient, case.custody_status)
    if message:
        errors.append(_error(message, "template"))
    reason = form.get("override_reason", "").strip()
    overridden = proposal.template is not None and template != proposal.template
    errors += _check_override_reason(template, proposal.template, reason, overridden)
    if errors:
        return None, errors

    return LetterChoice(
        recipient=recipient,
        purpose=values["purpose"],
        template=template,
        proposed=proposal.template,
        representative=values["representative"],
        override_reason=reason if overridden else None,
        form_key=read_form_key(form),
    ), []


def _check_override_reason(
    template: str, proposed: str | None, reason: str, overridden: bool
) -> list[dict]:
    if overridden and template in TEMPLATES and not reason:
        message = (
            f"Give your reason for sending {template} in place of the proposed "
            f"{proposed}"
        )
        return [_error(message, "override_reason")]
    if len(reason) > MAX_REASON:
        message = "The reason must be 1,000 characters or fewer"
        return [_error(message, "override_reason")]
    return []


def read_reply_form(
    case: Case, form, call: Call | None = None
) -> tuple[LetterChoice | None, list[dict]]:
    """Check the reply form and return the choice, or None and the errors."""
    errors = []
    recipient, representative, message = read_recipient(case, form.get("recipient", ""))
    if message:
        errors.append(_error("Select who the reply is to", "recipient"))
    method = form.get("reply_method", "")
    errors += _check_reply_method(case, recipient, method)
    body = form.get("body", "").strip()
    if not body:
        errors.append(_error("Enter the text of the reply", "body"))
    elif len(body) > MAX_BODY:
        errors.append(_error("The reply must be 5,000 characters or fewer", "body"))
    if errors:
        return None, errors

    proposal = propose(case.custody_status, recipient, "reply", method)
    if proposal.template is None:
        return None, [{"text": proposal.reasons[0]}]
    return LetterChoice(
        recipient=recipient,
        purpose="reply",
        template=proposal.template,
        proposed=proposal.template,
        representative=representative,
        reply_method=method,
        body=body,
        call=call,
        form_key=read_form_key(form),
    ), []


def _check_reply_method(case: Case, recipient: str, method: str) -> list[dict]:
    if method not in REPLY_METHODS:
        return [_error("Select how the reply is sent", "reply_method")]
    if method == "fax" and recipient == "offender" and case.custody_status not in HELD:
        message = (
            "The person is not held in a prison or removal centre, so the reply "
            "cannot be faxed to one. Select post to send it to the address on record"
        )
        return [_error(message, "reply_method")]
    return []
