import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from weasyprint.urls import URLFetcherResponse

from duty.auth.models import Role
from duty.extensions import db
from duty.guidance.facts import FRS_HOTLINE, OFFICE_HOURS
from duty.letters.addressing import address_letter
from duty.letters.documents import (
    LETTER_STATIC,
    DirectLineInLetter,
    LetterContent,
    LetterStaticFetcher,
    TeamNotReady,
    find_direct_lines,
    paragraphs,
    render_letter,
    render_pdf,
    team_address,
)
from tests.letters.helpers import SITUATIONS, case_in, html_text, pdf_text


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def _content(case, template, recipient, **fields) -> LetterContent:
    representative = case.representatives[0] if recipient == "representative" else None
    fields.setdefault(
        "addressee",
        address_letter(case, recipient, template, representative, None),
    )
    return LetterContent(
        template=template,
        purpose=fields.pop("purpose", "allocation"),
        recipient=recipient,
        case=case,
        team=case.team,
        sender_name="Tom O'Connor",
        written_on=date(2026, 3, 2),
        representative=representative,
        **fields,
    )


def _assert_contact_details(text, case):
    assert "0161 496 0123" in text
    assert OFFICE_HOURS in text
    assert FRS_HOTLINE in text
    assert "020 8760 8513" in text
    assert "Criminal casework North West" in text
    assert "PO Box 1, Manchester, M1 1AA" in text
    assert case.reference in text


@pytest.mark.parametrize(("template", "status", "recipient"), SITUATIONS)
def test_letter_html_gives_contact_details(
    world, build, request_context, template, status, recipient
):
    case = case_in(build, world.team, status)

    text = html_text(render_letter(_content(case, template, recipient)))

    _assert_contact_details(text, case)
    assert template in text
    expected_name = "Ruth Greene" if recipient == "representative" else case.full_name
    if template == "ICD.4491":
        expected_name = case.establishment
    assert expected_name in text


@pytest.mark.parametrize(("template", "status", "recipient"), SITUATIONS)
def test_letter_pdf_text_gives_contact_details(
    world, build, request_context, template, status, recipient
):
    case = case_in(build, world.team, status)
    html = render_letter(_content(case, template, recipient))

    pdf = render_pdf(html, f"{template} {case.reference}")

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    _assert_contact_details(text, case)
    assert template in text
    assert "Page 1 of" in text  # the page footer comes from letter.css


def test_pdf_shows_names_outside_latin_1(world, build, request_context):
    case = case_in(
        build,
        world.team,
        "community",
        given_names="Nguyễn Thị Hải",
        surname="Dvořák-Çelik",
        address="Квартира 5, улица Ленина\nΟδός Αθηνάς 12\nŁódź",
    )
    html = render_letter(_content(case, "ICD.4492", "offender"))

    text = pdf_text(render_pdf(html, "letter"))

    assert "Nguyễn Thị Hải Dvořák-Çelik" in text
    assert "Квартира 5, улица Ленина" in text
    assert "Οδός Αθηνάς 12" in text
    assert "Łódź" in text
    assert "O’Brien" not in text


def test_world_case_apostrophe_reaches_pdf(world, request_context):
    html = render_letter(_content(world.case, "ICD.4489", "offender"))

    text = pdf_text(render_pdf(html, "letter"))

    assert "Seán O’Brien" in text


def test_long_address_printed_whole(world, build, request_context):
    unbroken = "Flat" + "X" * 120
    lines = [unbroken] + [f"Line {n} of a very long address" for n in range(2, 15)]
    case = case_in(build, world.team, "community", address="\n".join(lines))
    html = render_letter(_content(case, "ICD.4492", "offender"))

    pdf = render_pdf(html, "letter")

    text = pdf_text(pdf)
    assert "Line 14 of a very long address" in text
    assert unbroken in text.replace(" ", "")
    assert "M5 4WT" in text
    _assert_contact_details(text, case)


def test_staff_direct_line_never_printed(world, build, request_context):
    build.user(
        "direct",
        Role.CASE_OWNER,
        world.team,
        direct_line="0161 496 0999",
        direct_line_consent=True,
    )
    world.owner.direct_line = "0161 496 0888"
    world.owner.direct_line_consent = True
    db.session.commit()
    case = case_in(build, world.team, "prison", owner=world.owner)

    for template, recipient in (
        ("ICD.4489", "offender"),
        ("ICD.4488", "representative"),
    ):
        html = render_letter(_content(case, template, recipient))
        text = pdf_text(render_pdf(html, "letter"))
        for number in ("0161 496 0999", "0161 496 0888", "01614960888"):
            assert number not in html
            assert number not in text


@pytest.mark.parametrize(
    "typed",
    ["Call me on 0161 496 0888.", "Ring +44 161 496 0888", "(0161) 4960888 today"],
)
def test_reply_with_direct_line_refused(world, build, request_context, typed):
    world.owner.direct_line = "0161 496 0888"
    db.session.commit()
    case = case_in(build, world.team, "prison")

    content = _content(
        case,
        "ICD.4489",
        "offender",
        purpose="reply",
        reply_heading="Reply to your telephone call",
        body=typed,
    )

    with pytest.raises(DirectLineInLetter):
        render_letter(content)


def test_direct_line_equal_to_duty_number_allowed(world, request_context):
    world.manager.direct_line = world.team.duty_number
    db.session.commit()

    html = render_letter(_content(world.case, "ICD.4489", "offender"))

    assert world.team.duty_number in html_text(html)
    assert find_direct_lines(html, allowed=world.team.duty_number) == []


def test_team_without_duty_number_refused(world, build, request_context):
    team = build.team("Criminal casework Wales", duty_number=None)
    case = case_in(build, team, "prison")

    with pytest.raises(
        TeamNotReady, match="Criminal casework Wales has no duty number"
    ):
        render_letter(_content(case, "ICD.4489", "offender"))


def test_team_blank_duty_number_refused(world, build, request_context):
    team = build.team("Criminal casework Wales", duty_number="  ")
    case = case_in(build, team, "prison")

    with pytest.raises(TeamNotReady, match="has no duty number"):
        render_letter(_content(case, "ICD.4489", "offender"))


def test_team_without_address_refused(world, build, request_context):
    team = build.team("Criminal casework Wales", postal_address="")
    case = case_in(build, team, "prison")

    with pytest.raises(TeamNotReady, match="has no postal address"):
        render_letter(_content(case, "ICD.4489", "offender"))


def test_team_address_drops_repeated_name(world):
    assert team_address(world.team) == ["PO Box 1", "Manchester", "M1 1AA"]


def test_paragraphs_split_at_blank_lines():
    body = "Dear caller\r\nline two\r\n\r\n  \r\nSecond paragraph\n"

    assert paragraphs(body) == [["Dear caller", "line two"], ["Second paragraph"]]


def test_fetcher_loads_letter_stylesheet():
    url = (LETTER_STATIC / "letter.css").as_uri()

    response = LetterStaticFetcher()(url)

    assert isinstance(response, URLFetcherResponse)
    assert response.content_type == "text/css"
    assert b".app-letter" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        (LETTER_STATIC / ".." / ".." / "duty" / "config.py").as_uri(),
        (LETTER_STATIC / "missing.css").as_uri(),
        "http://127.0.0.1:9/letter.css",
        "https://127.0.0.1:9/letter.css",
        "data:text/css,body{color:red}",
        "ftp://127.0.0.1/letter.css",
        "file://otherhost" + str(LETTER_STATIC / "letter.css"),
    ],
)
def test_fetcher_refuses_other_urls(app, url):
    with app.app_context(), pytest.raises(ValueError, match="only files in static"):
        LetterStaticFetcher()(url)


class _CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


def test_pdf_loads_nothing_from_network_or_disk(world, request_context):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    html = (
        f'<link rel="stylesheet" href="{base}/style.css">'
        f'<img src="{base}/logo.png" alt="">'
        '<img src="file:///etc/hostname" alt="">'
        "<p>Duty number 0161 496 0123</p>"
    )
    try:
        pdf = render_pdf(html, "letter")
    finally:
        server.shutdown()
        server.server_close()

    assert _CountingHandler.hits == []
    assert "Duty number 0161 496 0123" in pdf_text(pdf)
