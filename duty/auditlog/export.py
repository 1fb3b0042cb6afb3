"""The audit record search as CSV, written in batches so a long result streams."""

import csv
import io
from collections.abc import Iterator

from sqlalchemy import Select

from duty.auditlog.rows import describe
from duty.csv_cells import escape_formula
from duty.extensions import db
from duty.timeutil import format_local

COLUMNS = ["when", "who", "role", "action", "record", "call", "address"]
BATCH_SIZE = 1000


def csv_chunks(query: Select, team_id: int | None) -> Iterator[str]:
    """Yield the header, then the query's events as CSV, one batch at a time.

    Times are UK local time. Every cell passes through escape_formula(),
    because names and record ids are typed by people.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    yield _drain(out)

    result = db.session.execute(query.execution_options(yield_per=BATCH_SIZE))
    for batch in result.partitions():
        for row in describe(batch, team_id, links=False):
            cells = [
                format_local(row.at, "%Y-%m-%d %H:%M:%S"),
                row.person,
                row.role,
                row.action,
                row.record,
                row.call,
                row.address,
            ]
            writer.writerow([escape_formula(cell) for cell in cells])
        yield _drain(out)


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text
