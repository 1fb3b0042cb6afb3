"""Validation of the incident forms, with GOV.UK error messages.

Each function takes the posted form and returns a FormResult: the cleaned
data to save, the values as typed (to show the form again unchanged) and
the errors in the order the fields appear.
"""

from dataclasses import dataclass, field
from datetime import date

from duty.guidance.questions import validate_date
from duty.incidents import rules

TEXT_LIMIT = 5000
NOTE_LIMIT = 500


@dataclass
class FormResult:
    data: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    def add_error(self, name: str, message: str, field_id: str | None = None) -> None:
        self.errors.append(
            {"name": name, "text": message, "href": f"#{field_id or name}"}
        )

    @property
    def messages(self) -> dict[str, str]:
        """Return the first error message for each field, by field name."""
        found: dict[str, str] = {}
        for error in self.errors:
            found.setdefault(error["name"], error["text"])
        return found


def _choices(form, name: str, allowed) -> list[str]:
    chosen = [value for value in form.getlist(name) if value in allowed]
    return [key for key in allowed if key in chosen]


def _text(
    result: FormResult,
    form,
    name: str,
    label: str,
    required_message=None,
    limit: int = TEXT_LIMIT,
) -> str:
    raw = form.get(name, "")
    result.values[name] = raw
    value = raw.strip()
    if not value and required_message:
        result.add_error(name, required_message)
    elif len(value) > limit:
        result.add_error(name, f"{label} must be {limit} characters or fewer")
    else:
        result.data[name] = value
    return value


def _behaviours(result: FormResult, form) -> None:
    chosen = _choices(form, "behaviours", rules.BEHAVIOURS)
    result.values["behaviours"] = chosen
    if not chosen:
        result.add_error(
            "behaviours",
            "Select at least one behaviour the caller showed",
            "behaviours",
        )
    result.data["behaviours"] = chosen


def validate_behaviour(form) -> FormResult:
    result = FormResult()
    _behaviours(result, form)
    _text(result, form, "details", "What the caller said or did")
    return result


def validate_sheet(form) -> FormResult:
    result = FormResult()
    _behaviours(result, form)
    _text(
        result,
        form,
        "what_was_said",
        "What the caller said",
        "Enter what the caller said or did",
    )
    _text(
        result,
        form,
        "what_was_done",
        "What you did",
        "Enter what you did, for example when you gave the warning",
    )
    return result


def validate_threat(form) -> FormResult:
    result = FormResult()
    categories = _choices(form, "categories", rules.THREAT_CATEGORIES)
    result.values["categories"] = categories
    if not categories:
        result.add_error(
            "categories",
            "Select who or what was threatened, "
            "or select 'Not sure who should be told'",
        )
    result.data["categories"] = categories
    _text(
        result,
        form,
        "what_was_said",
        "What the caller threatened",
        "Enter what the caller threatened, in their words if you can",
    )
    establishment = _text(
        result, form, "establishment", "Prison or removal centre", limit=200
    )
    if "detainee" in categories and not establishment:
        result.add_error(
            "establishment",
            "Enter the prison or removal centre holding the detainee "
            "who was threatened",
        )
    result.data["police"] = form.get("police") == "yes"
    result.values["police"] = "yes" if result.data["police"] else ""
    return result


def validate_referral(form) -> FormResult:
    result = FormResult()
    _text(result, form, "note", "Note", limit=NOTE_LIMIT)
    return result


def validate_complaint(form) -> FormResult:
    """Check the complaint form, listing errors in the order of its fields."""
    result = FormResult()
    _choice(
        result,
        form,
        "kind",
        rules.COMPLAINT_KINDS,
        "Select whether the complaint is about staff behaviour "
        "or how the case is handled",
    )
    _text(result, form, "staff_named", "Member of staff named", limit=200)
    _text(
        result,
        form,
        "details",
        "What the complaint is about",
        "Enter what the caller is complaining about",
    )
    _choice(
        result,
        form,
        "route",
        rules.COMPLAINT_ROUTES,
        "Select whether to record the complaint now or give the caller the address",
    )
    return result


def _choice(result: FormResult, form, name: str, allowed, message: str) -> None:
    value = form.get(name, "")
    result.values[name] = value
    if value not in allowed:
        result.add_error(name, message)
    else:
        result.data[name] = value


def validate_closing(form) -> FormResult:
    result = FormResult()
    _text(
        result,
        form,
        "closing_note",
        "What was done",
        "Enter what was done with the complaint",
        limit=NOTE_LIMIT,
    )
    return result


def validate_period(args, today: date) -> FormResult:
    """Check a period given as two UK dates in day, month and year parts."""
    result = FormResult()
    for name, label in (("from", "Start date"), ("to", "End date")):
        parts = [args.get(f"{name}-{part}", "") for part in ("day", "month", "year")]
        result.values.update(
            {
                f"{name}-{part}": value
                for part, value in zip(("day", "month", "year"), parts, strict=True)
            }
        )
        iso, message = validate_date(label, *parts, today, past_only=False)
        if message:
            result.add_error(name, message, f"{name}-day")
        else:
            result.data[name] = date.fromisoformat(iso)
    if not result.errors and result.data["to"] < result.data["from"]:
        result.add_error(
            "to", "End date must be the same as or after the start date", "to-day"
        )
    return result
