"""Fill a fresh database with made-up cases for the lookup benchmark.

    python bench/generate_cases.py --url sqlite:///instance/bench.sqlite --count 1000000

The names mix accents, apostrophes and hyphens so that folded search keys
matter; every value is invented.
"""

import argparse
import random
import time
from datetime import date, timedelta

from common import ROOT  # noqa: F401  (puts the project on sys.path)
from sqlalchemy import insert, text

from duty import create_app
from duty.auth.models import Role, User
from duty.cases.models import Case
from duty.extensions import db
from duty.teams.models import Team
from duty.text import fold

GIVEN = [
    "Adam", "Seán", "Zoë", "José", "Anna-Maria", "Mohammed", "Piotr", "Chloé",
    "Ioana", "Kwame", "Li", "Olga", "Tomás", "Aisling", "Dário", "Renée",
    "Yusuf", "Ngozi", "Mateus", "Eilís", "Björn", "Fatima", "Jan", "Ana",
]  # fmt: skip
SURNAMES = [
    "O'Brien", "O’Neill", "Nowak", "Kowalski", "Da Silva", "Smith-Jones",
    "Müller", "Ionescu", "Mensah", "Okafor", "Nguyen", "Petrov", "García",
    "MacDonald", "D'Souza", "Popescu", "Łukasz", "Ødegaard", "Byrne",
    "Van der Berg", "Al-Hassan", "Şahin", "Kovač", "Dubois", "Rossi",
]  # fmt: skip
NATIONALITIES = [
    "Polish", "Irish", "Romanian", "Nigerian", "Jamaican", "Albanian",
    "Lithuanian", "Pakistani", "Vietnamese", "Brazilian", "Ghanaian", "Somali",
]  # fmt: skip
ESTABLISHMENTS = ["HMP Northmoor", "HMP Eastfield", "Harbour IRC", "Westgate IRC"]


def make_rows(start: int, count: int, team_id: int, owner_id: int, rng) -> list[dict]:
    """Return count invented case rows, numbered from start."""
    rows = []
    first_day = date(1950, 1, 1)
    for number in range(start, start + count):
        given = rng.choice(GIVEN)
        # A numbered suffix on most surnames keeps name + date of birth nearly
        # unique at a million rows while prefixes still match many names.
        surname = rng.choice(SURNAMES)
        if number % 10:
            surname = f"{surname}{chr(97 + number % 26)}{number % 997}"
        rows.append(
            {
                "reference": f"{'ABCDEFGHJKLMNPRSTWXY'[number % 20]}{number:07d}",
                "given_names": given,
                "surname": surname,
                "name_key": fold(f"{given} {surname}"),
                "surname_key": fold(surname),
                "date_of_birth": first_day + timedelta(days=rng.randrange(20000)),
                "nationality": rng.choice(NATIONALITIES),
                "custody_status": "prison",
                "establishment": rng.choice(ESTABLISHMENTS),
                "team_id": team_id,
                "owner_id": owner_id,
            }
        )
    return rows


def generate(url: str, count: int, batch: int = 20000, seed: int = 8) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rng = random.Random(seed)
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        else:
            db.drop_all()
        db.create_all()
        team = Team(name="Benchmark team", duty_number="0161 496 0000")
        db.session.add(team)
        db.session.flush()
        owner = User(
            username="bench.owner", full_name="Bench Owner", password_hash="-",
            role=Role.CASE_OWNER, team_id=team.id,
        )  # fmt: skip
        db.session.add(owner)
        db.session.commit()
        started = time.perf_counter()
        for start in range(0, count, batch):
            rows = make_rows(start, min(batch, count - start), team.id, owner.id, rng)
            db.session.execute(insert(Case), rows)
            db.session.commit()
            print(f"\r{start + len(rows):>9,} cases", end="", flush=True)
        if url.startswith("postgresql"):
            db.session.execute(text("ANALYZE cases"))
        else:
            db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"\n{count:,} cases in {time.perf_counter() - started:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="SQLAlchemy database URL")
    parser.add_argument("--count", type=int, default=1_000_000, help="cases to make")
    args = parser.parse_args()
    url = args.url.replace("postgresql://", "postgresql+psycopg://")
    generate(url, args.count)


if __name__ == "__main__":
    main()
