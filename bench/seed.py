"""A small world for the HTTP benchmarks: one team, handlers and a case."""

from datetime import date

from sqlalchemy import text

from duty import create_app
from duty.auth.models import Role, User
from duty.auth.passwords import hash_password
from duty.cases.models import Case
from duty.extensions import db
from duty.teams.models import Team

PASSWORD = "bench-password-long"
REFERENCE = "B1234567"


def seed(url: str, handlers: int = 1) -> int:
    """Create the tables and the world on a fresh database; return the team id."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
        team = Team(
            name="Benchmark team",
            duty_number="0161 496 0000",
            postal_address="Benchmark team\nPO Box 1\nManchester\nM1 1AA",
        )
        db.session.add(team)
        db.session.flush()
        password_hash = hash_password(PASSWORD)
        owner = User(
            username="owner",
            full_name="Olive Owner",
            role=Role.CASE_OWNER,
            team_id=team.id,
            password_hash=password_hash,
        )
        db.session.add(owner)
        for number in range(handlers):
            db.session.add(
                User(
                    username=f"handler{number}",
                    full_name=f"Handler {number}",
                    role=Role.ADMIN_OFFICER,
                    team_id=team.id,
                    password_hash=password_hash,
                )
            )
        db.session.flush()
        db.session.add(
            Case(
                reference=REFERENCE,
                given_names="Sean",
                surname="O'Brien",
                date_of_birth=date(1980, 1, 1),
                nationality="Irish",
                team_id=team.id,
                owner_id=owner.id,
            )
        )
        db.session.commit()
        team_id = team.id
        db.session.remove()
        db.engine.dispose()
    return team_id
