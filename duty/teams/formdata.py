"""Read typed values from a submitted form, collecting GOV.UK error messages."""

import re
from datetime import date, time

import phonenumbers

from duty.guidance.questions import validate_date

_TIME = re.compile(r"^(\d{1,2})(?::?(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


class FormReader:
    """Collect parsed values, the typed text to show again, and errors."""

    def __init__(self, form):
        self.form = form
        self.values: dict[str, str] = {}
        self.errors: list[dict] = []

    def error(self, field_id: str, text: str) -> None:
        """Add an error, kept in the order the fields were read, so a check
        made after reading every field still lists in the form's order."""
        self.errors.append({"text": text, "href": f"#{field_id}"})
        order = {name: index for index, name in enumerate(self.values)}
        self.errors.sort(key=lambda e: order.get(_field_name(e["href"]), len(order)))

    @property
    def errors_by_id(self) -> dict[str, str]:
        return {e["href"][1:]: e["text"] for e in self.errors}

    def text(self, name: str, label: str, required=True, max_length=200) -> str:
        value = self.form.get(name, "").strip()
        self.values[name] = value
        if required and not value:
            self.error(name, f"Enter {label}")
        elif len(value) > max_length:
            self.error(
                name,
                f"{label[0].upper()}{label[1:]} must be {max_length} "
                "characters or fewer",
            )
        return value

    def date(self, name: str, label: str, today: date) -> date | None:
        parts = [
            self.form.get(f"{name}-{part}", "") for part in ("day", "month", "year")
        ]
        for part, value in zip(("day", "month", "year"), parts, strict=True):
            self.values[f"{name}-{part}"] = value.strip()
        iso, message = validate_date(label, *parts, today, past_only=False)
        if message:
            self.error(f"{name}-day", message)
            return None
        return date.fromisoformat(iso)

    def clock(self, name: str, label: str) -> time | None:
        raw = self.form.get(name, "").strip()
        self.values[name] = raw
        parsed = parse_clock(raw)
        if parsed is None:
            self.error(name, f"Enter {label} as a 24-hour time, like 09:00")
        return parsed

    def choice(self, name: str, label: str, options, required=True) -> str | None:
        value = self.form.get(name, "").strip()
        self.values[name] = value
        if value in {str(option) for option in options}:
            return value
        if required or value:
            self.error(name, f"Select {label}")
        return None

    def uk_phone(self, name: str, label: str, required=True) -> str | None:
        raw = self.form.get(name, "").strip()
        self.values[name] = raw
        if not raw and not required:
            return None
        formatted = format_uk_phone(raw)
        if formatted is None:
            self.error(
                name,
                f"Enter {label} as a UK telephone number, like 0161 496 0123",
            )
        return formatted


def _field_name(href: str) -> str:
    """Return the form field an error links to: "#when-day" names "when-day"."""
    return href.removeprefix("#")


def parse_clock(raw: str) -> time | None:
    """Parse 09:00, 9:00, 0900, 9am or 5:30pm; return None for anything else."""
    match = _TIME.match(raw.strip())
    if not match:
        return None
    hour, minute, suffix = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def format_uk_phone(raw: str) -> str | None:
    """Return a valid UK number in national format, or None."""
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, "GB"):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
