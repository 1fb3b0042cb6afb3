"""Render a letter to HTML and PDF, and keep staff direct lines out of it."""

import mimetypes
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from flask import current_app, render_template
from markupsafe import Markup
from sqlalchemy import select
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from duty.auth.models import User
from duty.cases.models import Case, Representative
from duty.extensions import db
from duty.guidance.facts import FRS_HOTLINE, OFFICE_HOURS
from duty.letters.addressing import Addressee
from duty.letters.chooser import TEMPLATES
from duty.teams.models import Team

LETTER_STATIC = Path(__file__).resolve().parents[2] / "static" / "letters"
PHONE_LIKE = re.compile(r"\+?\d[\d\s().-]{5,}\d")


class TeamNotReady(ValueError):
    """Raised when the team lacks a contact detail that every letter must give."""


class DirectLineInLetter(ValueError):
    """Raised when a letter's text contains a member of staff's direct line."""


@dataclass(frozen=True)
class LetterContent:
    """Everything a letter template may print, and nothing else."""

    template: str
    purpose: str
    recipient: str
    case: Case
    team: Team
    addressee: Addressee
    sender_name: str
    written_on: date
    representative: Representative | None = None
    reply_heading: str = ""
    body: str = ""


def check_team(team: Team) -> None:
    """Raise TeamNotReady unless the team has a duty number and postal address."""
    if not (team.duty_number or "").strip():
        raise TeamNotReady(
            f"{team.name} has no duty number. A manager of the team must set it "
            "before letters are sent, because every letter must give it"
        )
    if not team.address_lines:
        raise TeamNotReady(
            f"{team.name} has no postal address. A manager of the team must set it "
            "before letters are sent, because every letter must give it"
        )


def team_address(team: Team) -> list[str]:
    """Return the team's postal lines without a first line repeating its name."""
    lines = team.address_lines
    if lines and lines[0].strip().casefold() == team.name.strip().casefold():
        return lines[1:]
    return lines


def render_letter(content: LetterContent) -> str:
    """Render the letter's HTML, refusing any that contains a staff direct line."""
    check_team(content.team)
    html = render_template(
        TEMPLATES[content.template].document,
        code=content.template,
        purpose=content.purpose,
        recipient=content.recipient,
        case=content.case,
        team=content.team,
        team_address=team_address(content.team),
        addressee=content.addressee,
        representative=content.representative,
        sender_name=content.sender_name,
        written_on=content.written_on,
        office_hours=OFFICE_HOURS,
        frs_hotline=FRS_HOTLINE,
        reply_heading=content.reply_heading,
        reply_paragraphs=paragraphs(content.body),
    )
    if find_direct_lines(html, allowed=content.team.duty_number):
        raise DirectLineInLetter(
            "The letter contains a member of staff's direct telephone line. Remove "
            "it: letters to offenders and representatives give the team's duty "
            "number only"
        )
    return html


def paragraphs(body: str) -> list[list[str]]:
    """Split free text into paragraphs at blank lines, each a list of lines."""
    blocks = re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip())
    return [
        [line.strip() for line in block.splitlines() if line.strip()]
        for block in blocks
        if block.strip()
    ]


def phone_digits(number: str) -> str:
    """Return the digits of a UK telephone number in national form."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def find_direct_lines(html: str, allowed: str | None = None) -> list[str]:
    """Return the staff direct lines that appear in the text of the HTML."""
    text = re.sub(r"<[^>]+>", " ", html)
    found = {phone_digits(match) for match in PHONE_LIKE.findall(text)}
    lines = db.session.scalars(
        select(User.direct_line).where(User.direct_line.is_not(None))
    ).all()
    allowed_digits = phone_digits(allowed or "")
    hits = []
    for line in lines:
        digits = phone_digits(line)
        # NOTE: a direct line of fewer than 6 digits, such as a bare extension,
        # cannot be told apart from other numbers in a letter, so it is not checked.
        if len(digits) < 6 or digits == allowed_digits:
            continue
        if any(digits in number for number in found):
            hits.append(line)
    return hits


def _static_path(url: str) -> Path | None:
    """Return the file under static/letters that the URL names, or None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    root = LETTER_STATIC.resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


class LetterStaticFetcher(URLFetcher):
    """Let WeasyPrint load files from static/letters and nothing else."""

    def fetch(self, url, headers=None):
        path = _static_path(url)
        if path is None:
            current_app.logger.warning(
                "letter.fetch_refused", extra={"scheme": urlsplit(url).scheme}
            )
            raise ValueError(f"Letters may load only files in static/letters: {url}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": media_type}
        )


def render_pdf(letter_html: str, title: str) -> bytes:
    """Turn a letter's stored HTML into a PDF document."""
    document = render_template(
        "letters/pdf.html", letter_html=Markup(letter_html), title=title
    )
    return HTML(
        string=document,
        base_url=LETTER_STATIC.as_uri() + "/",
        url_fetcher=LetterStaticFetcher(allowed_protocols=("file",)),
    ).write_pdf()
