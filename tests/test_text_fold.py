"""Folded search keys match however a name is typed."""

import pytest

from duty.text import fold


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("ødegaard", "Ødegaard"),
        ("ODEGAARD", "Ødegaard"),
        ("lukasz", "ŁUKASZ"),
        ("łukasz", "Łukasz"),
        ("aesa", "ÆSA"),
        ("strasse", "STRAẞE"),
        ("o'brien", "O’Brien"),
        ("smith jones", "Smith-Jones"),
        ("sean", "SEÁN"),
    ],
)
def test_fold_ignores_case_accents_and_separators(typed, stored):
    assert fold(typed) == fold(stored)
