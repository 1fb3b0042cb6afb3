"""Folding of names and free text so that comparisons ignore typing style."""

import re
import unicodedata

_APOSTROPHES = "'\u2018\u2019\u02bc\u02b9\u0060\u00b4"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SEPARATORS = re.compile(f"[\\s{re.escape(_APOSTROPHES + _HYPHENS)}.,]+")


def fold(value: str | None) -> str:
    """Return a search key: case-folded, accents stripped, separators removed.

    "O\u2019Brien", "o'brien" and "OBrien" give the same key, as do
    "Smith-Jones" and "smith jones".
    """
    if not value:
        return ""
    # Case-fold first, so "Ø" and "Ł" meet the lower-case replacements below.
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("\u00df", "ss").replace("\u00f8", "o")
    stripped = stripped.replace("\u0142", "l").replace("\u00e6", "ae")
    return _SEPARATORS.sub("", stripped)


def fold_words(value: str | None) -> str:
    """Return the folded words of a value joined by single spaces."""
    if not value:
        return ""
    words = re.split(r"\s+", value.strip())
    return " ".join(key for key in (fold(word) for word in words) if key)


def postcode_key(value: str | None) -> str:
    """Return a postcode with spaces removed and letters in upper case."""
    return re.sub(r"\s+", "", value or "").upper()


def alnum_key(value: str | None) -> str:
    """Return only the letters and digits of a folded value, like "abc123" for "ABC/123"."""
    return re.sub(r"[^0-9a-z]", "", fold(value))
