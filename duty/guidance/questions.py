"""Questions asked at a step, and their validation in GOV.UK wording."""

import re
from dataclasses import dataclass, field
from datetime import date

QUESTION_TYPES = {"text", "textarea", "radios", "date", "confirm", "reference"}
REFERENCE_PATTERN = re.compile(r"^[A-Z][0-9]{7}$")

# Every typed date must fall in these years, because queries add days to dates
# and convert UK time to UTC, which raises OverflowError near the ends of
# Python's date range (years 1 to 9999).
MIN_YEAR = 1900
MAX_YEAR = 2100


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    type: str
    required: bool = True
    hint: str = ""
    options: tuple[Option, ...] = ()
    max_length: int = 500
    required_message: str = ""
    show_if: dict = field(default_factory=dict)
    past_only: bool = True
    future_only: bool = False
    width: str = ""

    @classmethod
    def from_data(cls, data: dict) -> "Question":
        options = tuple(
            Option(str(o["value"]), o["label"], o.get("hint", ""))
            for o in data.get("options", [])
        )
        if data["type"] == "radios" and not options:
            raise ValueError(f"radios question {data['name']!r} has no options")
        asks = data["label"].rstrip().endswith("?")
        if asks and data.get("required", True) and not data.get("required_message"):
            # The built message would read "Enter what is the call about?".
            raise ValueError(
                f"question {data['name']!r} is labelled as a question, so it "
                "needs a required_message"
            )
        return cls(
            name=data["name"],
            label=data["label"],
            type=data["type"],
            required=data.get("required", True),
            hint=data.get("hint", ""),
            options=options,
            max_length=int(
                data.get("max_length", 2000 if data["type"] == "textarea" else 200)
            ),
            required_message=data.get("required_message", ""),
            show_if=data.get("show_if", {}),
            past_only=data.get("past_only", not data.get("future_only", False)),
            future_only=data.get("future_only", False),
            width=data.get("width", ""),
        )

    @property
    def field_id(self) -> str:
        """Return the id of the first input, for the error summary's link."""
        if self.type == "date":
            return f"{self.name}-day"
        if self.type in ("radios", "confirm"):
            return self.name
        return self.name

    def option_label(self, value) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return str(value or "")


@dataclass(frozen=True)
class FieldError:
    name: str
    field_id: str
    message: str


def is_shown(question: Question, answers: dict) -> bool:
    """Return whether a conditional question applies, given the other answers."""
    return all(answers.get(k) == v for k, v in question.show_if.items())


def as_object(label: str) -> str:
    """Return a label to follow a verb mid-sentence: "Caller's name" becomes
    "caller's name", but "Home Office reference" keeps its capitals."""
    words = label.split()
    proper = len(words) > 1 and words[1][:1].isupper()
    if not words or proper or words[0].isupper():
        return label
    return label[0].lower() + label[1:]


def _missing_message(question: Question) -> str:
    if question.required_message:
        return question.required_message
    if question.type == "radios":
        return f"Select {as_object(question.label)}".rstrip("?")
    if question.type == "confirm":
        return f"Confirm that {as_object(question.label)}"
    return f"Enter {as_object(question.label)}"


def validate_date(
    label: str,
    day: str,
    month: str,
    year: str,
    today: date,
    past_only=True,
    future_only=False,
):
    """Return (iso_date, error) for a date typed in three parts.

    Messages follow the GOV.UK date input pattern: which part is missing,
    a real date, a four-digit year, a date in the past or in the future.
    """
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [name for name, value in parts.items() if not value]
    if len(missing) == 3:
        return None, f"Enter {as_object(label)}"
    if missing:
        return None, f"{label} must include a {' and '.join(missing)}"
    if not all(value.isdigit() for value in parts.values()):
        return None, f"{label} must be a real date"
    if len(parts["year"]) != 4:
        return None, "Year must include 4 numbers"
    try:
        value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return None, f"{label} must be a real date"
    # The past and future checks come first, so a date of birth in 2999
    # gets "must be in the past" rather than the year range message.
    if past_only and value >= today:
        return None, f"{label} must be in the past"
    if future_only and value <= today:
        return None, f"{label} must be in the future"
    year_message = year_out_of_range(label, value)
    if year_message:
        return None, year_message
    return value.isoformat(), None


def year_out_of_range(label: str, value: date) -> str | None:
    """Return an error message when the date's year is outside MIN_YEAR to MAX_YEAR."""
    if value.year > MAX_YEAR:
        return f"{label} must be in {MAX_YEAR} or earlier"
    if value.year < MIN_YEAR:
        return f"{label} must be in {MIN_YEAR} or later"
    return None


def normalise_reference(value: str) -> str:
    return re.sub(r"[\s/-]+", "", value).upper()


def validate(questions, form, today: date, existing: dict | None = None):
    """Check a step's posted form.

    Returns (answers, values, errors): answers are the cleaned values to
    save, values are what was typed (to show the form again unchanged), and
    errors are FieldErrors in the order the questions appear.
    """
    answers: dict = {}
    values: dict = {}
    errors: list[FieldError] = []
    context = dict(existing or {})

    for question in questions:
        if question.type == "date":
            parts = [
                form.get(f"{question.name}-{p}", "") for p in ("day", "month", "year")
            ]
            values.update(
                {
                    f"{question.name}-{p}": v
                    for p, v in zip(("day", "month", "year"), parts, strict=True)
                }
            )
        else:
            values[question.name] = form.get(question.name, "")
        if not is_shown(question, context):
            # A hidden question's posted value must not reveal the questions
            # that depend on it, so it stays out of the context.
            continue
        context.update({k: v for k, v in values.items() if k == question.name})

        if question.type == "date":
            if not any(part.strip() for part in parts) and not question.required:
                continue
            iso, message = validate_date(
                question.label,
                *parts,
                today,
                question.past_only,
                question.future_only,
            )
            if message:
                errors.append(FieldError(question.name, question.field_id, message))
            else:
                answers[question.name] = iso
            continue

        raw = values[question.name].strip()
        if not raw:
            if question.required:
                errors.append(
                    FieldError(
                        question.name, question.field_id, _missing_message(question)
                    )
                )
            continue
        if question.type == "radios" and raw not in {o.value for o in question.options}:
            errors.append(
                FieldError(question.name, question.field_id, _missing_message(question))
            )
            continue
        if question.type == "confirm" and raw != "yes":
            errors.append(
                FieldError(question.name, question.field_id, _missing_message(question))
            )
            continue
        if len(raw) > question.max_length:
            errors.append(
                FieldError(
                    question.name,
                    question.field_id,
                    f"{question.label} must be {question.max_length} characters or fewer",
                )
            )
            continue
        if question.type == "reference":
            raw = normalise_reference(raw)
            if not REFERENCE_PATTERN.match(raw):
                errors.append(
                    FieldError(
                        question.name,
                        question.field_id,
                        f"{question.label} must be a letter followed by 7 numbers, "
                        "like B1234567",
                    )
                )
                continue
        answers[question.name] = raw
        context[question.name] = raw
    return answers, values, errors
