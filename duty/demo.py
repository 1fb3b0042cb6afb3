"""Made-up demo data: teams, staff in every role, cases, absences and rota cover."""

import random
import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select

from duty import audit
from duty.auth.models import Role, User
from duty.auth.passwords import hash_password
from duty.cases.models import (
    Case,
    CaseAlias,
    Establishment,
    Representative,
    ThirdParty,
    WrittenAuthority,
)
from duty.extensions import db
from duty.teams.line_models import (
    DiversionConfirmation,
    FirstAnswerer,
    OutOfHoursMessage,
    TrainingRecord,
    Voicemail,
)
from duty.teams.models import Absence, RotaCover, Team
from duty.timeutil import local_today

TEAMS = [
    {
        "key": "nw",
        "name": "Criminal casework North West",
        "duty_number": "0161 496 0123",
        "postal_address": "Criminal casework North West\nPO Box 4960\nManchester\nM1 1AA",
        "region": "ENG",
    },
    {
        "key": "mid",
        "name": "Criminal casework Midlands",
        "duty_number": "0121 496 0456",
        "postal_address": "Criminal casework Midlands\nPO Box 4961\nBirmingham\nB1 1AA",
        "region": "ENG",
    },
    {
        "key": "sct",
        "name": "Criminal casework Scotland",
        "duty_number": "0131 496 0789",
        "postal_address": "Criminal casework Scotland\nPO Box 4962\nGlasgow\nG1 1AA",
        "region": "SCT",
    },
    {
        "key": "frs",
        "name": "Facilitated returns scheme team",
        "duty_number": "020 8760 8513",
        "postal_address": "Facilitated returns scheme team\nPO Box 4963\nCroydon\nCR0 1AA",
        "region": "ENG",
        "first_point": True,
    },
]

STAFF = [
    # username, full name, role, team key
    ("admin.nw", "Priya Shah", Role.ADMIN_OFFICER, "nw"),
    ("owner.nw", "Tom O'Connor", Role.CASE_OWNER, "nw"),
    ("owner2.nw", "Aisha Bello", Role.CASE_OWNER, "nw"),
    ("owner3.nw", "Gareth Llewellyn-Jones", Role.CASE_OWNER, "nw"),
    ("cover.nw", "Hannah Kowalska", Role.CASE_OWNER, "nw"),
    ("leader.nw", "Marcus Reid", Role.TEAM_LEADER, "nw"),
    ("manager.nw", "Sarah Okafor", Role.MANAGER, "nw"),
    ("admin.mid", "Daniel Evans", Role.ADMIN_OFFICER, "mid"),
    ("owner.mid", "Chloé Martin", Role.CASE_OWNER, "mid"),
    ("owner2.mid", "Imran Hussain", Role.CASE_OWNER, "mid"),
    ("leader.mid", "Fiona MacLeod", Role.TEAM_LEADER, "mid"),
    ("manager.mid", "Robert Adeyemi", Role.MANAGER, "mid"),
    ("admin.sct", "Morag Campbell", Role.ADMIN_OFFICER, "sct"),
    ("owner.sct", "Euan Fraser", Role.CASE_OWNER, "sct"),
    ("leader.sct", "Isla Stewart", Role.TEAM_LEADER, "sct"),
    ("manager.sct", "Callum Ross", Role.MANAGER, "sct"),
    ("admin.frs", "Kemi Adebayo", Role.ADMIN_OFFICER, "frs"),
    ("owner.frs", "Lucy Chen", Role.CASE_OWNER, "frs"),
    ("manager.frs", "James Whitfield", Role.MANAGER, "frs"),
    ("ad.north", "Elizabeth Harcourt", Role.ASSISTANT_DIRECTOR, "nw"),
    ("trainee", "Sam Patel", Role.TRAINEE, "nw"),
]

GIVEN = [
    "Ahmed",
    "Bogdan",
    "Chidi",
    "Dariusz",
    "Élodie",
    "Fatima",
    "Giorgi",
    "Hải",
    "Ionuț",
    "José",
    "Kwame",
    "Leïla",
    "Mehmet",
    "Nadia",
    "Oluwaseun",
    "Paweł",
    "Quang",
    "Rafael",
    "Siobhán",
    "Tariq",
    "Umar",
    "Vasile",
    "Wei",
    "Xhulio",
    "Yusuf",
    "Zoë",
    "Ana María",
    "Jean-Luc",
    "Seán",
    "Björn",
]
SURNAMES = [
    "O’Brien",
    "Smith-Jones",
    "Nowak",
    "Kowalczyk",
    "Popescu",
    "Nguyễn",
    "Okoro",
    "da Silva",
    "Al-Masri",
    "Yılmaz",
    "Müller",
    "Haddad",
    "Mensah",
    "Ivanov",
    "D'Souza",
    "García López",
    "Van der Berg",
    "Ó Ceallaigh",
    "Mac an tSaoi",
    "Ferreira",
    "Dvořák",
    "Kaczmarek",
    "Rahman",
    "Osei",
    "Balogun",
    "Begum",
    "Hernández",
    "Zielińska",
    "Çelik",
    "Ó Súilleabháin",
]
NATIONALITIES = [
    "Polish",
    "Romanian",
    "Nigerian",
    "Albanian",
    "Vietnamese",
    "Jamaican",
    "Pakistani",
    "Lithuanian",
    "Brazilian",
    "Turkish",
    "Ghanaian",
    "Somali",
    "Irish",
    "Portuguese",
    "Iraqi",
]
PRISONS = ["HMP Northmoor", "HMP Eastwick", "HMP Riverside", "HMP Highfield"]
REMOVAL_CENTRES = [
    "Harbourside Immigration Removal Centre",
    "Fenwick Immigration Removal Centre",
]
# Made-up establishments with made-up addresses and fax numbers (Ofcom's
# drama range), so letters to someone held can be addressed in full.
ESTABLISHMENTS = [
    ("HMP Northmoor", "prison", "Moor Lane|Bolton", "BL1 9XX", "0113 496 0101"),
    ("HMP Eastwick", "prison", "Eastwick Road|Leeds", "LS9 9XX", "0113 496 0102"),
    ("HMP Riverside", "prison", "1 River Walk|Preston", "PR1 9XX", "0113 496 0103"),
    ("HMP Highfield", "prison", "Highfield Road|Lancaster", "LA1 9XX", None),
    (
        "Harbourside Immigration Removal Centre",
        "removal_centre",
        "Dock Road|Liverpool",
        "L3 9XX",
        "0113 496 0105",
    ),
    (
        "Fenwick Immigration Removal Centre",
        "removal_centre",
        "Fenwick Way|Crawley",
        "RH10 9XX",
        "0113 496 0106",
    ),
]
TOWNS = [
    ("Salford", "M5 4WT"),
    ("Coventry", "CV1 2GT"),
    ("Paisley", "PA1 1UJ"),
    ("Croydon", "CR0 2AB"),
]


def seed(case_count: int = 320, rng_seed: int = 20131209) -> str:
    """Replace all data with the demo set; return the demo password."""
    rng = random.Random(rng_seed)
    password = "demo-" + secrets.token_urlsafe(9)
    _clear()

    teams = {}
    for spec in TEAMS:
        fields = {k: v for k, v in spec.items() if k != "key"}
        team = Team(allows_voicemail=spec["key"] in ("nw", "frs"), **fields)
        db.session.add(team)
        teams[spec["key"]] = team
    db.session.flush()

    users = {}
    password_hash = hash_password(password)
    for username, name, role, team_key in STAFF:
        user = User(
            username=username,
            full_name=name,
            role=role,
            team_id=teams[team_key].id,
            password_hash=password_hash,
        )
        db.session.add(user)
        users[username] = user
    db.session.flush()
    for key in ("nw", "mid", "sct"):
        teams[key].team_leader_id = users[f"leader.{key}"].id

    _add_cases(rng, teams, users, case_count)
    _add_establishments()
    _add_absences(users, teams)
    _add_line_records(users, teams)
    db.session.commit()
    return password


LINE_MODELS = (
    DiversionConfirmation,
    FirstAnswerer,
    OutOfHoursMessage,
    TrainingRecord,
    Voicemail,
)


def _clear() -> None:
    from duty.models import AuditEvent, Call, CallEvent, CallStep, CaseNote

    for model in (
        *LINE_MODELS,
        CallEvent,
        CallStep,
        CaseNote,
        AuditEvent,
        Call,
        WrittenAuthority,
        ThirdParty,
        Representative,
        CaseAlias,
        Case,
        Establishment,
        RotaCover,
        Absence,
    ):
        statement = delete(model)
        if model is AuditEvent:
            statement = statement.execution_options(**{audit.PURGE_OPTION: True})
        db.session.execute(statement)
    db.session.execute(Team.__table__.update().values(team_leader_id=None))
    db.session.execute(delete(User))
    db.session.execute(delete(Team))
    db.session.flush()


def _add_cases(rng, teams, users, count) -> None:
    owners = {
        key: [
            u
            for u in users.values()
            if u.role == Role.CASE_OWNER and u.team_id == team.id
        ]
        for key, team in teams.items()
    }
    team_keys = ["nw", "nw", "nw", "mid", "mid", "sct", "frs"]
    today = local_today()
    for number in range(count):
        key = team_keys[number % len(team_keys)]
        given = rng.choice(GIVEN)
        surname = rng.choice(SURNAMES)
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 42))
        status = rng.choice(
            ["prison", "prison", "removal_centre", "immigration_prison", "community"]
        )
        case = Case(
            reference=f"{'BCDFGH'[number % 6]}{1000000 + number * 7919 % 9000000:07d}",
            given_names=given,
            surname=surname,
            date_of_birth=born,
            nationality=rng.choice(NATIONALITIES),
            custody_status=status,
            team_id=teams[key].id,
            owner_id=rng.choice(owners[key]).id if owners[key] else None,
            last_contact_on=today - timedelta(days=rng.randrange(3, 200)),
            last_contact_nature=rng.choice(
                [
                    "Letter about travel documents",
                    "Interview at prison",
                    "Decision to deport served",
                    "Request for passport",
                ]
            ),
        )
        _place(rng, case, status)
        if number % 40 == 5:
            case.removal_directions_at = datetime.combine(
                today + timedelta(days=2), time(10, 0)
            )
        db.session.add(case)
        if number % 9 == 0:
            case.aliases.append(
                CaseAlias(given_names=given, surname=rng.choice(SURNAMES))
            )
        if number % 3 == 0:
            case.representatives.append(
                Representative(
                    organisation=rng.choice(
                        [
                            "Harrow & Co Solicitors",
                            "Northern Law Centre",
                            "Patel Immigration Advice",
                        ]
                    ),
                    contact_name=rng.choice(
                        ["Ruth Greene", "Owen Price", "Meera Nair"]
                    ),
                    their_reference=f"REF/{number:04d}/{rng.randrange(10, 99)}",
                    phone_on_record=f"0161 496 {rng.randrange(1000, 1999)}",
                    fax_on_record=f"0161 496 {rng.randrange(2000, 2999)}",
                    address=f"{rng.randrange(1, 90)} Quay Street\nManchester",
                    postcode="M3 3JE",
                )
            )
        if number % 11 == 0:
            party = ThirdParty(
                full_name=f"{rng.choice(GIVEN)} {surname}",
                relationship_to_offender=rng.choice(
                    ["Wife", "Brother", "Mother", "Partner"]
                ),
                postcode=rng.choice(TOWNS)[1],
                letter_sent_on=today - timedelta(days=rng.randrange(5, 60)),
                letter_subject="Request for information about children",
                letter_asked_for="Names and dates of birth of the children and who cares for them",
            )
            case.third_parties.append(party)
            if number % 22 == 0:
                db.session.flush()
                party.authorities.append(
                    WrittenAuthority(
                        case_id=case.id,
                        signed_on=today - timedelta(days=30),
                        scope="All matters",
                    )
                )
    # Two people sharing a name and a date of birth but not a nationality,
    # and two sharing all three, told apart by where they are held.
    twin_born = date(1984, 6, 12)
    for index, (nationality, place) in enumerate(
        [
            ("Polish", "HMP Northmoor"),
            ("Romanian", "HMP Eastwick"),
            ("Polish", "HMP Riverside"),
        ]
    ):
        db.session.add(
            Case(
                reference=f"K{7000001 + index:07d}",
                given_names="Jan",
                surname="Kowalski",
                date_of_birth=twin_born,
                nationality=nationality,
                custody_status="prison",
                establishment=place,
                team_id=teams["nw"].id,
                owner_id=users["owner.nw"].id,
            )
        )


def _add_establishments() -> None:
    for name, kind, address, postcode, fax in ESTABLISHMENTS:
        db.session.add(
            Establishment(
                name=name,
                kind=kind,
                address=address.replace("|", "\n"),
                postcode=postcode,
                fax=fax,
            )
        )


def _place(rng, case: Case, status: str) -> None:
    if status in ("prison", "immigration_prison"):
        case.establishment = rng.choice(PRISONS)
    elif status == "removal_centre":
        case.establishment = rng.choice(REMOVAL_CENTRES)
    else:
        town, postcode = rng.choice(TOWNS)
        case.address = f"{rng.randrange(1, 200)} Station Road\n{town}"
        case.postcode = postcode


def _add_absences(users, teams) -> None:
    today = local_today()
    # North West: one owner away with rota cover, another away with none.
    db.session.add(
        Absence(
            user_id=users["owner2.nw"].id,
            starts_on=today,
            ends_on=today + timedelta(days=2),
            reason="Annual leave",
        )
    )
    db.session.add(
        RotaCover(
            team_id=teams["nw"].id,
            on_date=today,
            absent_user_id=users["owner2.nw"].id,
            cover_user_id=users["cover.nw"].id,
        )
    )
    db.session.add(
        Absence(
            user_id=users["owner3.nw"].id,
            starts_on=today,
            ends_on=today,
            reason="Training",
        )
    )
    # Scotland: the case owner and the team leader both away, so calls go to a manager.
    db.session.add(
        Absence(
            user_id=users["owner.sct"].id,
            starts_on=today,
            ends_on=today + timedelta(days=4),
            reason="Sick leave",
        )
    )
    db.session.add(
        Absence(
            user_id=users["leader.sct"].id,
            starts_on=today,
            ends_on=today,
            reason="Annual leave",
        )
    )


def _add_line_records(users, teams) -> None:
    today = local_today()
    db.session.add(
        FirstAnswerer(
            team_id=teams["nw"].id, on_date=today, user_id=users["admin.nw"].id
        )
    )
    # Everyone in North West is trained except the cover, so the rota warns.
    for username, user in users.items():
        if user.team_id != teams["nw"].id or username == "cover.nw":
            continue
        for course in ("call_handling", "difficult_callers", "information_management"):
            db.session.add(
                TrainingRecord(
                    user_id=user.id, course=course, completed_on=date(2025, 3, 3)
                )
            )


def has_data() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None


def reset_passwords() -> str:
    """Give every demo account a new shared password and return it."""
    password = "demo-" + secrets.token_urlsafe(9)
    password_hash = hash_password(password)
    usernames = [username for username, *_ in STAFF]
    for user in db.session.scalars(select(User).where(User.username.in_(usernames))):
        user.password_hash = password_hash
        user.session_version += 1
    db.session.commit()
    return password


def demo_logins() -> list[tuple[str, str, str]]:
    users = db.session.scalars(select(User).order_by(User.team_id, User.role)).all()
    return [(u.username, u.full_name, u.role_label) for u in users]
