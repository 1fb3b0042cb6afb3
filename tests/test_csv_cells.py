import pytest

from duty.csv_cells import escape_formula


@pytest.mark.parametrize(
    "value", ["=HYPERLINK(1)", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_formula_start_escaped(value):
    assert escape_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Shouting", "", "B1234567", "1-2", "a=b"])
def test_plain_text_unchanged(value):
    assert escape_formula(value) == value
