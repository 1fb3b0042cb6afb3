import os
import re
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from sqlalchemy import text

from duty import create_app
from duty.auth.models import Role, User
from duty.auth.passwords import hash_password
from duty.cases.models import Case, Establishment
from duty.extensions import db
from duty.teams.models import Team

PASSWORD = "correct-horse-battery"
_HASH = hash_password(PASSWORD)


def _database_url(tmp_path) -> str:
    """Return a fresh database for one test: SQLite, or a PostgreSQL schema."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return base


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own app context, as in a server.

    Without this, requests reuse the test's app context, sharing `g` (and so
    the signed-in user) and the database session between requests.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole run, so each test's app skips compiling."""

    store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


def prepare_test_app(app):
    """Serve requests in their own app contexts and reuse compiled templates."""
    app.test_client_class = FreshContextClient
    app.jinja_env.bytecode_cache = SharedBytecodeCache()
    return app


@pytest.fixture
def app(tmp_path, request):
    url = _database_url(tmp_path)
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url.replace(
            "postgresql://", "postgresql+psycopg://"
        ),
        "WTF_CSRF_ENABLED": getattr(request, "param", {}).get("csrf", False),
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "duty",
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-only-key",
    }
    os.environ.setdefault("INSTANCE_PATH", str(tmp_path / "instance"))
    app = prepare_test_app(create_app(config))
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
        yield app
        db.session.remove()
        if url.startswith("postgresql"):
            db.drop_all()
        # Close pooled connections now, so a long run stays under the
        # server's connection limit.
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class Builder:
    """Makes teams, staff and cases for a test, with sensible defaults."""

    def __init__(self):
        self.count = 0

    def team(self, name="Criminal casework North West", **fields) -> Team:
        fields.setdefault("duty_number", "0161 496 0123")
        fields.setdefault("postal_address", f"{name}\nPO Box 1\nManchester\nM1 1AA")
        team = Team(name=name, **fields)
        db.session.add(team)
        db.session.commit()
        return team

    def user(
        self, username, role=Role.CASE_OWNER, team=None, name=None, **fields
    ) -> User:
        user = User(
            username=username,
            full_name=name or username.replace(".", " ").title(),
            role=role,
            team_id=team.id if team else None,
            password_hash=_HASH,
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    def case(self, team, owner=None, **fields) -> Case:
        self.count += 1
        fields.setdefault("reference", f"B{1000000 + self.count:07d}")
        fields.setdefault("given_names", "Adam")
        fields.setdefault("surname", f"Nowak{self.count}")
        fields.setdefault("date_of_birth", date(1980, 1, 1))
        fields.setdefault("nationality", "Polish")
        fields.setdefault("custody_status", "prison")
        fields.setdefault("establishment", "HMP Northmoor")
        case = Case(team_id=team.id, owner_id=owner.id if owner else None, **fields)
        db.session.add(case)
        db.session.commit()
        return case


@pytest.fixture
def build(app):
    return Builder()


@pytest.fixture
def world(build):
    """A team with an admin officer, case owner, team leader and manager, and a case."""
    team = build.team()
    other = build.team("Criminal casework Midlands", duty_number="0121 496 0456")
    admin = build.user("admin", Role.ADMIN_OFFICER, team, name="Priya Shah")
    owner = build.user("owner", Role.CASE_OWNER, team, name="Tom O'Connor")
    leader = build.user("leader", Role.TEAM_LEADER, team, name="Marcus Reid")
    manager = build.user("manager", Role.MANAGER, team, name="Sarah Okafor")
    other_owner = build.user("owner.mid", Role.CASE_OWNER, other, name="Chloé Martin")
    team.team_leader_id = leader.id
    # Where build.case() puts people by default, so letters to them have an address.
    northmoor = Establishment(
        name="HMP Northmoor",
        kind="prison",
        address="Moor Lane\nBolton",
        postcode="BL1 9XX",
        fax="0113 496 0101",
    )
    db.session.add(northmoor)
    db.session.commit()
    case = build.case(
        team, owner, reference="B1234567", given_names="Seán", surname="O’Brien"
    )
    other_case = build.case(other, other_owner, reference="C7654321")
    return type("World", (), locals())


def login(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def login_as(client):
    def _login(user_or_name):
        name = getattr(user_or_name, "username", user_or_name)
        response = login(client, name)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False


def page(response) -> _PageParser:
    """Parse a page and check it has a title and no duplicate ids."""
    parser = _PageParser()
    parser.feed(response.get_data(as_text=True))
    duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    return parser


def text_of(response) -> str:
    """Return the response body with tags removed and whitespace collapsed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&#39;", "'")


def form_key(response) -> str:
    match = re.search(
        r'name="form_key" value="([^"]+)"', response.get_data(as_text=True)
    )
    assert match, "no form key on the page"
    return match.group(1)


HX = {"HX-Request": "true"}

__all__ = ["HX", "datetime", "time", "timedelta"]


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
