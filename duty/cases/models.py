"""The case register: a stand-in for the casework system's records."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from duty.extensions import db
from duty.text import alnum_key, fold, postcode_key
from duty.timeutil import utcnow

CUSTODY_STATUSES = {
    "prison": "Serving a custodial sentence",
    "immigration_prison": "Detained for immigration purposes in prison",
    "removal_centre": "Detained in an immigration removal centre",
    "community": "Released, living in the community",
}


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        # varchar_pattern_ops lets PostgreSQL use the index for "starts with"
        # under any collation; SQLite ignores it.
        Index(
            "ix_cases_dob_surname_key",
            "date_of_birth",
            "surname_key",
            postgresql_ops={"surname_key": "varchar_pattern_ops"},
        ),
        Index("ix_cases_name_key_dob", "name_key", "date_of_birth"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    given_names: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(400), default="")
    surname_key: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date]
    nationality: Mapped[str] = mapped_column(String(100))
    custody_status: Mapped[str | None] = mapped_column(String(40))
    establishment: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(12))
    last_contact_on: Mapped[date | None]
    last_contact_nature: Mapped[str | None] = mapped_column(String(300))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    removal_directions_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    team = relationship("Team")
    owner = relationship("User")
    aliases = relationship(
        "CaseAlias", back_populates="case", cascade="all, delete-orphan"
    )
    representatives = relationship(
        "Representative", back_populates="case", cascade="all, delete-orphan"
    )
    third_parties = relationship(
        "ThirdParty", back_populates="case", cascade="all, delete-orphan"
    )
    notes = relationship(
        "CaseNote",
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="CaseNote.created_at.desc()",
    )

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}"

    @property
    def custody_label(self) -> str:
        return CUSTODY_STATUSES.get(self.custody_status or "", "Not recorded")

    @property
    def postcode_key(self) -> str:
        return postcode_key(self.postcode)


@event.listens_for(Case, "before_insert")
@event.listens_for(Case, "before_update")
def _set_case_keys(mapper, connection, target: Case) -> None:
    target.name_key = fold(f"{target.given_names} {target.surname}")
    target.surname_key = fold(target.surname)


class CaseAlias(db.Model):
    __tablename__ = "case_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    given_names: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(400), index=True, default="")

    case = relationship("Case", back_populates="aliases")

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}"


@event.listens_for(CaseAlias, "before_insert")
@event.listens_for(CaseAlias, "before_update")
def _set_alias_key(mapper, connection, target: CaseAlias) -> None:
    target.name_key = fold(f"{target.given_names} {target.surname}")


class Representative(db.Model):
    """A legal representative recorded on a case."""

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    their_reference: Mapped[str] = mapped_column(String(60))
    reference_key: Mapped[str] = mapped_column(String(60), index=True, default="")
    phone_on_record: Mapped[str] = mapped_column(String(40))
    fax_on_record: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(12))
    current: Mapped[bool] = mapped_column(default=True)

    case = relationship("Case", back_populates="representatives")


class ThirdParty(db.Model):
    """A family member or other third party the Home Office wrote to."""

    __tablename__ = "third_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True, default="")
    relationship_to_offender: Mapped[str] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(12))
    letter_sent_on: Mapped[date | None]
    letter_subject: Mapped[str | None] = mapped_column(String(300))
    letter_asked_for: Mapped[str | None] = mapped_column(Text)

    case = relationship("Case", back_populates="third_parties")
    authorities = relationship(
        "WrittenAuthority", back_populates="third_party", cascade="all, delete-orphan"
    )


@event.listens_for(Representative, "before_insert")
@event.listens_for(Representative, "before_update")
def _set_representative_key(mapper, connection, target: Representative) -> None:
    target.reference_key = alnum_key(target.their_reference)


@event.listens_for(ThirdParty, "before_insert")
@event.listens_for(ThirdParty, "before_update")
def _set_third_party_key(mapper, connection, target: ThirdParty) -> None:
    target.name_key = fold(target.full_name)


class WrittenAuthority(db.Model):
    """The offender's written authority to discuss the case with a third party."""

    __tablename__ = "written_authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    third_party_id: Mapped[int] = mapped_column(ForeignKey("third_parties.id"))
    signed_on: Mapped[date]
    expires_on: Mapped[date | None]
    scope: Mapped[str] = mapped_column(Text, default="")

    third_party = relationship("ThirdParty", back_populates="authorities")


class CaseNote(db.Model):
    """A note on the case record (the casework system's note)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40), default="case_note")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case = relationship("Case", back_populates="notes")
    author = relationship("User")


ESTABLISHMENT_KINDS = {
    "prison": "Prison",
    "removal_centre": "Immigration removal centre",
}


class Establishment(db.Model):
    """A prison or removal centre's postal address and fax number, for letters."""

    __tablename__ = "establishments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(12))
    fax: Mapped[str | None] = mapped_column(String(40))


@event.listens_for(Establishment, "before_insert")
@event.listens_for(Establishment, "before_update")
def _set_establishment_key(mapper, connection, target: Establishment) -> None:
    target.name_key = fold(target.name)


def find_establishment(name: str | None) -> Establishment | None:
    """Return the register's entry for an establishment named on a case, if any."""
    key = fold(name)
    if not key:
        return None
    return db.session.scalar(
        db.select(Establishment).where(Establishment.name_key == key)
    )
