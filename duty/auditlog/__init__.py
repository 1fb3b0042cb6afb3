"""Managers' search of the audit record: the page, its filters and the CSV download."""
