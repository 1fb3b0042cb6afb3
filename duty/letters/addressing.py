"""Addressee blocks for letters, built from the case records only."""

from dataclasses import dataclass

from duty.cases.models import Case, Establishment, Representative, find_establishment
from duty.letters.chooser import HELD


class AddressError(ValueError):
    """Raised when the records lack what a letter needs to reach its recipient."""


@dataclass(frozen=True)
class Addressee:
    """The name and postal lines printed at the top of a letter."""

    name: str
    lines: tuple[str, ...]
    salutation: str
    fax_number: str | None = None


def postal_lines(address: str | None, postcode: str | None) -> tuple[str, ...]:
    """Split a stored address into lines, ending with the postcode."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    code = (postcode or "").strip()
    if code and (not lines or code.upper() not in lines[-1].upper()):
        lines.append(code)
    return tuple(lines)


def address_letter(
    case: Case,
    recipient: str,
    template: str,
    representative: Representative | None = None,
    reply_method: str | None = None,
) -> Addressee:
    """Return the addressee block for the letter, or raise AddressError."""
    if template == "ICD.4491":
        return _establishment(case)
    if recipient == "representative":
        return _representative(representative, reply_method)
    return _offender(case)


def _held_at(case: Case, problem: str) -> Establishment:
    """Return the register entry for where the person is held, or raise AddressError."""
    name = (case.establishment or "").strip()
    if case.custody_status not in HELD or not name:
        raise AddressError(
            f"The case has no prison or removal centre recorded, so {problem}. "
            "Record where the person is held in the casework system"
        )
    place = find_establishment(name)
    if place is None:
        raise AddressError(
            f"{name} is not in the establishments register, so {problem}. "
            "Ask a manager to add it to the establishments register"
        )
    return place


def _establishment(case: Case) -> Addressee:
    place = _held_at(case, "there is nowhere to fax the cover to")
    if not (place.fax or "").strip():
        raise AddressError(
            f"The establishments register has no fax number for {place.name}. "
            "Ask a manager to add it, or send the letter by post"
        )
    return Addressee(place.name, (), "", place.fax)


def _offender(case: Case) -> Addressee:
    salutation = f"Dear {case.full_name}"
    if case.custody_status in HELD:
        place = _held_at(case, "the letter cannot be addressed")
        lines = (place.name, *postal_lines(place.address, place.postcode))
        return Addressee(case.full_name, lines, salutation)
    lines = postal_lines(case.address, case.postcode)
    if not lines:
        raise AddressError(
            "The case has no postal address for this released person. Record their "
            "address in the casework system, or write to their representative"
        )
    return Addressee(case.full_name, lines, salutation)


def _representative(
    representative: Representative | None, reply_method: str | None
) -> Addressee:
    if representative is None:
        raise AddressError("Select the legal representative to write to")
    contact = (representative.contact_name or "").strip()
    organisation = representative.organisation.strip()
    lines = postal_lines(representative.address, representative.postcode)
    if reply_method == "fax":
        fax = (representative.fax_on_record or "").strip()
        if not fax:
            raise AddressError(
                f"{organisation} has no fax number on record. Reply by post instead"
            )
    else:
        fax = None
        if not lines:
            raise AddressError(
                f"{organisation} has no postal address on record. Record it in the "
                "casework system before writing to them"
            )
    return Addressee(
        contact or organisation,
        ((organisation,) if contact else ()) + lines,
        f"Dear {contact}" if contact else "Dear Sir or Madam",
        fax,
    )
