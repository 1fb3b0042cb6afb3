"""Cells for CSV downloads that a spreadsheet shows as text."""

# Spreadsheets read a cell starting with =, +, - or @ as a formula. A leading
# tab or carriage return is escaped too, in case a spreadsheet strips it on
# import and then reads the rest of the cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: str) -> str:
    """Prefix an apostrophe when a spreadsheet would read the value as a formula."""
    return "'" + value if value[:1] in FORMULA_STARTS else value
