"""Rules comparing what a caller says with the case record.

Each check gives "match", "mismatch" or "not_recorded" per question, and
an offender's most recent contact can also be "not_known" (the caller does
not know it) or "not_asked" (the record has none). The record's values
never leave this module: callers of these functions get the results, and
yes or no facts about which fields the record has, so a screen can show
match or mismatch without showing what the record contains.
"""

import re
from datetime import date, datetime, timedelta

from duty.text import alnum_key, fold, fold_words, postcode_key

MATCH = "match"
MISMATCH = "mismatch"
NOT_RECORDED = "not_recorded"
NOT_KNOWN = "not_known"
NOT_ASKED = "not_asked"

VERIFIED = "verified"
DOUBT = "doubt"

REMOVAL_WINDOW = timedelta(hours=72)

CHECK_LABELS = {
    "full_name": "Full name",
    "nationality": "Nationality",
    "date_of_birth": "Date of birth",
    "place": "Current prison or removal centre",
    "address": "First line of the postal address",
    "postcode": "Postcode",
    "last_contact": "Most recent contact with the Home Office",
    "last_contact_on": "Date of the most recent contact with the Home Office",
    "last_contact_nature": "What the most recent contact was about",
    "extra": "Your own question",
    "organisation": "Firm or organisation",
    "reference": "Their reference number",
    "relationship": "Relationship to the offender",
    "letter_sent_on": "Date of our letter",
    "letter_subject": "What our letter was about",
}

# Words that carry no meaning when comparing what a contact was about.
_FILLER_WORDS = {"a", "an", "the", "about", "of", "to", "for", "at", "on", "in", "my"}
# Everyday words for a relationship, mapped to the word a record uses.
_RELATIONSHIP_WORDS = {
    "mum": "mother", "mam": "mother", "mom": "mother", "mummy": "mother",
    "dad": "father", "daddy": "father",
    "bro": "brother", "sis": "sister",
    "hubby": "husband", "missus": "wife",
    "gran": "grandmother", "granny": "grandmother", "nan": "grandmother",
    "grandad": "grandfather", "grandpa": "grandfather",
}  # fmt: skip
_POSSESSIVES = {"his", "her", "their", "my", "the", "a", "an"}
# Words that fit almost any letter, so anyone could guess them; "request"
# alone must not confirm what our letter was about.
_LETTER_WORDS = frozenset(
    {"request", "letter", "information", "info", "query", "enquiry", "case",
     "your", "our", "asking", "asked", "about", "regarding", "re"}
)  # fmt: skip
# Prefixes callers often leave off an establishment's name.
_PLACE_PREFIXES = ("hmpyoi", "hmyoi", "hmp", "irc")
_PLACE_SUFFIXES = ("immigrationremovalcentre", "removalcentre", "prison", "irc")
# Custody statuses where the offender is held, so the place is asked, not an address.
HELD_STATUSES = {"prison", "immigration_prison", "removal_centre"}


def result(matched: bool | None) -> str:
    """Return the check result for a comparison, None meaning nothing on record."""
    if matched is None:
        return NOT_RECORDED
    return MATCH if matched else MISMATCH


def same_text(given: str | None, recorded: str | None) -> bool | None:
    """Compare two values ignoring case, accents, spaces, apostrophes and hyphens."""
    if not recorded:
        return None
    return fold(given) == fold(recorded)


def same_date(given_iso: str | None, recorded: date | None) -> bool | None:
    """Compare an ISO date given on the call with a recorded date; any other day fails."""
    if recorded is None:
        return None
    return bool(given_iso) and date.fromisoformat(given_iso) == recorded


def same_postcode(given: str | None, recorded: str | None) -> bool | None:
    """Compare postcodes ignoring spaces and letter case."""
    if not recorded:
        return None
    return postcode_key(given) == postcode_key(recorded)


def place_key(value: str | None) -> str:
    """Return an establishment name folded, without "HMP", "IRC" and the like."""
    key = fold(value)
    for prefix in _PLACE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key.removeprefix(prefix)
            break
    for suffix in _PLACE_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key.removesuffix(suffix)
            break
    return key


def same_place(given: str | None, recorded: str | None) -> bool | None:
    """Compare establishment names, so "Northmoor" matches "HMP Northmoor"."""
    if not recorded:
        return None
    return bool(place_key(given)) and place_key(given) == place_key(recorded)


def same_first_line(given: str | None, recorded_address: str | None) -> bool | None:
    """Compare the first line of an address with the first line on record."""
    if not recorded_address:
        return None
    first = re.split(r"[\n,]", recorded_address.strip(), maxsplit=1)[0]
    return fold(given) == fold(first)


def same_words(
    given: str | None, recorded: str | None, ignored: frozenset = frozenset()
) -> bool | None:
    """Return whether every meaningful word the caller used is in the record.

    "an interview" matches "Interview at HMP Northmoor"; "a letter" does not.
    Words in ignored do not count as meaningful, so a reply made only of
    those words matches nothing.
    """
    if not recorded:
        return None
    used = set(fold_words(given).split()) - _FILLER_WORDS - ignored
    recorded_words = set(fold_words(recorded).split())
    return bool(used) and used <= recorded_words


def same_relationship(given: str | None, recorded: str | None) -> bool | None:
    """Compare relationships after everyday words: "his mum" matches "Mother"."""
    if not recorded:
        return None

    def canonical(value: str | None) -> list[str]:
        words = [w for w in fold_words(value).split() if w not in _POSSESSIVES]
        return [_RELATIONSHIP_WORDS.get(word, word) for word in words]

    return bool(canonical(given)) and canonical(given) == canonical(recorded)


def identity_from(
    checks: dict[str, str], essential: tuple[str, ...], private: tuple[str, ...] = ()
) -> str:
    """Return "verified" only if nothing mismatched and every essential check matched.

    When `private` names checks, at least one of them must also have matched.
    """
    if any(value == MISMATCH for value in checks.values()):
        return DOUBT
    if any(checks.get(name) != MATCH for name in essential):
        return DOUBT
    if private and not any(checks.get(name) == MATCH for name in private):
        return DOUBT
    return VERIFIED


def contact_on_record(case) -> bool:
    """Return whether the case records the offender's most recent Home Office contact."""
    return case.last_contact_on is not None or bool(case.last_contact_nature)


def record_facts(case) -> dict[str, str]:
    """Return which fields the case record has, as "yes" or "no", never their values.

    Steps show or hide questions by these facts, so a question with nothing
    on record to check it against is not asked.
    """
    if case is None:
        return {}
    return {"contact_on_record": "yes" if contact_on_record(case) else "no"}


def _last_contact_checks(case, given: dict) -> dict[str, str]:
    if not contact_on_record(case):
        return {"last_contact": NOT_ASKED}
    if given.get("last_contact_known") == "not_known":
        return {"last_contact": NOT_KNOWN}
    return {
        "last_contact_on": result(
            same_date(given.get("last_contact_on"), case.last_contact_on)
        ),
        "last_contact_nature": result(
            same_words(given.get("last_contact_nature"), case.last_contact_nature)
        ),
    }


def check_offender(case, given: dict) -> dict[str, str]:
    """Compare an offender's answers with their case, question by question."""
    names = [case.full_name, *(alias.full_name for alias in case.aliases)]
    name_matches = any(same_text(given.get("full_name"), name) for name in names)
    checks = {
        "full_name": result(name_matches),
        "nationality": result(same_text(given.get("nationality"), case.nationality)),
        "date_of_birth": result(
            same_date(given.get("date_of_birth"), case.date_of_birth)
        ),
    }
    held = case.custody_status in HELD_STATUSES
    if given.get("whereabouts") == "held":
        checks["place"] = (
            result(same_place(given.get("place"), case.establishment))
            if held
            else MISMATCH
        )
    else:
        checks["address"] = (
            MISMATCH
            if held
            else result(same_first_line(given.get("address_line"), case.address))
        )
        checks["postcode"] = (
            MISMATCH
            if held
            else result(same_postcode(given.get("postcode"), case.postcode))
        )
    checks.update(_last_contact_checks(case, given))
    if given.get("asked_extra") == "yes":
        checks["extra"] = MATCH if given.get("extra_matches") == "yes" else MISMATCH
    return checks


OFFENDER_ESSENTIAL = ("full_name", "nationality", "date_of_birth")
# Checks of what a third party is unlikely to know in any depth: the most
# recent contact, or the handler's own question from the record, such as
# the custody or detention history. A relative may well know the name,
# nationality, date of birth and whereabouts, so one of these must also match.
OFFENDER_PRIVATE = ("last_contact_on", "last_contact_nature", "extra")


def offender_reasons(checks: dict[str, str]) -> list[str]:
    """Return reason codes for what the offender checks left unchecked."""
    reasons = []
    if checks.get("last_contact") == NOT_ASKED:
        reasons.append("contact_not_on_record")
    if checks.get("last_contact") == NOT_KNOWN:
        reasons.append("contact_not_known")
    if not any(checks.get(name) in (MATCH, MISMATCH) for name in OFFENDER_PRIVATE):
        reasons.append("no_private_check")
    return reasons


TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}


def name_differs_from_first(first_given: str | None, full_name: str | None) -> bool:
    """Return whether a word of the name recorded at the start of the call is
    missing from the full name given at verification.

    Both are folded and titles dropped, so "Sean", "Mr O Brien" and
    "sean obrien" all fit "Seán O’Brien".
    """
    first_words = [w for w in fold_words(first_given).split() if w not in TITLES]
    full_key = fold(full_name)
    if not first_words or not full_key:
        return False
    return not all(word in full_key for word in first_words)


def check_representative(case, organisation: str, reference: str, elsewhere: bool):
    """Check a representative against the case's representatives.

    Returns (checks, reasons, representative): the representative is the
    current one on record whose organisation and reference both match, or
    None. `elsewhere` is True when the reference belongs to a representative
    on another case.
    """
    reasons = []
    named = [r for r in case.representatives if same_text(organisation, r.organisation)]
    current = [r for r in named if r.current]
    if named and not current:
        reasons.append("not_current")
    if not case.representatives:
        reasons.append("none_on_record")
    key = alnum_key(reference)
    confirmed = next(
        (r for r in current if key and alnum_key(r.their_reference) == key), None
    )
    if confirmed is None and elsewhere:
        reasons.append("reference_other_case")
    checks = {
        "organisation": MATCH if current else MISMATCH,
        "reference": MATCH if confirmed else MISMATCH,
    }
    return checks, reasons, confirmed


def removal_directions_due(removal_at: datetime | None, now: datetime) -> bool:
    """Return whether removal directions fall due within 72 hours from now.

    Exactly 72 hours ahead counts as within; a time already past does not.
    Both times are naive UTC.
    """
    if removal_at is None:
        return False
    return now < removal_at <= now + REMOVAL_WINDOW


def authority_state(case_id: int, party, authorities, today: date) -> str:
    """Return "valid", "expired", "other_case" or "none" for a caller's written authority.

    `party` is the third party on this case the caller matched, or None.
    `authorities` are the written authorities held for third parties of that
    name on any case.
    """
    states = set()
    for authority in authorities:
        on_this_case = authority.case_id == case_id and (
            party is not None and authority.third_party_id == party.id
        )
        if not on_this_case:
            states.add("other_case")
        elif authority.signed_on > today:
            states.add("none")
        elif authority.expires_on is not None and authority.expires_on < today:
            states.add("expired")
        else:
            return "valid"
    for state in ("expired", "other_case"):
        if state in states:
            return state
    return "none"


def check_third_party(party, given: dict) -> dict[str, str]:
    """Compare a third party's answers with the record of them and our letter."""
    checks = {
        "relationship": result(
            same_relationship(given.get("relationship"), party.relationship_to_offender)
        ),
        "postcode": result(same_postcode(given.get("postcode"), party.postcode)),
    }
    if party.letter_sent_on is not None:
        checks["letter_sent_on"] = result(
            same_date(given.get("letter_sent_on"), party.letter_sent_on)
        )
        checks["letter_subject"] = result(
            same_words(given.get("letter_subject"), party.letter_subject, _LETTER_WORDS)
        )
    return checks


THIRD_PARTY_ESSENTIAL = ("postcode",)
