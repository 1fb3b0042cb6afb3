"""Time the three case lookups on a generated database of cases.

    python bench/generate_cases.py --url URL --count 1000000
    python bench/case_lookup.py --url URL [--url URL2 ...]

Database time is measured around each cursor execute (SQLAlchemy engine
events), so it excludes building ORM objects; wall time includes them.
"""

import argparse
import random
import time

from common import summary_ms, table, write_section
from sqlalchemy import event, func, select

from duty import create_app
from duty.cases import search
from duty.cases.models import Case
from duty.extensions import db

SAMPLES = 2000


class QueryClock:
    """Adds up the time spent in cursor executes, and keeps the last statement."""

    def __init__(self, engine):
        self.total = 0.0
        self.last = None
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()
        self.last = (statement, parameters)

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        self.total += time.perf_counter() - conn.info.pop("bench_started")


def _typed_like_a_caller(name: str) -> str:
    """Return the name as a handler might type it: lower case, plain apostrophes."""
    return name.lower().replace("’", "'").replace("-", " ")


def _lookups(case):
    surname = _typed_like_a_caller(case.surname)
    return {
        "by reference": lambda: search.by_reference(case.reference.lower()),
        "by name + date of birth + nationality": lambda: search.by_details(
            _typed_like_a_caller(f"{case.given_names} {case.surname}"),
            case.date_of_birth,
            case.nationality.upper(),
        ),
        "by partial surname + date of birth": lambda: search.by_surname_prefix(
            surname[:4], case.date_of_birth
        ),
    }


def _plan(statement, parameters, postgres: bool) -> str:
    connection = db.session.connection().connection
    cursor = connection.cursor()
    prefix = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
    cursor.execute(prefix + statement, parameters)
    rows = cursor.fetchall()
    return " / ".join(str(row[-1] if not postgres else row[0]).strip() for row in rows)


def measure(url: str) -> tuple[list[list], list[str], int]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    postgres = url.startswith("postgresql")
    rows, plans = [], []
    with app.app_context():
        total = db.session.scalar(select(func.count(Case.id)))
        max_id = db.session.scalar(select(func.max(Case.id)))
        rng = random.Random(4)
        ids = [rng.randrange(1, max_id + 1) for _ in range(SAMPLES)]
        cases = db.session.scalars(select(Case).where(Case.id.in_(ids))).all()
        db.session.expunge_all()
        clock = QueryClock(db.engine)
        names = list(_lookups(cases[0]))
        for name in names:
            database, wall, found = [], [], 0
            for case in cases:
                lookup = _lookups(case)[name]
                before = clock.total
                started = time.perf_counter()
                result = lookup()
                wall.append(time.perf_counter() - started)
                database.append(clock.total - before)
                found += bool(result)
                db.session.expunge_all()
            db_ms, wall_ms = summary_ms(database), summary_ms(wall)
            rows.append(
                [name, len(cases), f"{found}/{len(cases)}", db_ms["p50"],
                 db_ms["p99"], wall_ms["p50"], wall_ms["p99"]]
            )  # fmt: skip
            plans.append(f"- {name}: `{_plan(*clock.last, postgres)}`")
        db.session.remove()
        db.engine.dispose()
    return rows, plans, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True)
    args = parser.parse_args()
    body = []
    for raw in args.url:
        url = raw.replace("postgresql://", "postgresql+psycopg://")
        kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        rows, plans, total = measure(url)
        body.append(f"### {kind}, {total:,} cases\n")
        body.append(
            table(
                [
                    "lookup",
                    "samples",
                    "found",
                    "db p50 ms",
                    "db p99 ms",
                    "wall p50 ms",
                    "wall p99 ms",
                ],
                rows,
            )  # fmt: skip
        )
        body.append("\nQuery plans:\n\n" + "\n".join(plans) + "\n")
    body.append(
        "Target: p99 database time under 1 ms for each lookup. Samples are cases "
        "picked at random; names are typed in lower case with plain apostrophes "
        "and spaces for hyphens, so the folded keys do the matching."
    )
    write_section("Case lookup", "\n".join(body))


if __name__ == "__main__":
    main()
