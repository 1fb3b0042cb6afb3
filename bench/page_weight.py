"""Weigh the call page's first visit and each step partial, as Chromium loads them.

    python bench/page_weight.py

Debian's Chromium loads the call page with an empty cache and then answers
every step of the initial flow by htmx. Text responses are counted
gzip-compressed (level 6, what a reverse proxy would send); fonts and images
are counted as served, since WOFF2 and PNG are compressed already.
"""

import gzip
import os
import tempfile
from pathlib import Path

from common import ROOT, table, write_section
from playwright.sync_api import sync_playwright
from seed import PASSWORD, REFERENCE, seed

from tests.servers import Server

TEXT_TYPES = ("text/", "application/javascript", "image/svg", "application/json")
STEPS = [
    ("I have greeted the caller", {}),
    ("Continue", {"#caller_name": "Sean O'Brien"}),
    ("Continue", {"#caller_type": None}),
    ("Continue", {"#has_reference": None, "#reference": REFERENCE}),
    ("Continue", {"#enquiry": "Travel documents"}),
    ("Pass the call", {}),
]


def compressed_size(body: bytes, content_type: str) -> int:
    if content_type.startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def weigh(base_url: str, team_id: int) -> tuple[list, list]:
    first_visit, partials = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
            ],
        )
        page = browser.new_context(base_url=base_url).new_page()
        page.goto("/login")
        page.fill("#username", "handler0")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto("/calls/new")
        page.check(f"input[name=team_id][value='{team_id}']")
        page.click("text=Start the call")
        page.wait_for_url("**/calls/*")
        call_url = page.url

        fresh = browser.new_context(base_url=base_url)
        fresh.add_cookies(page.context.cookies())
        visit = fresh.new_page()
        loaded = []

        def keep(response):
            loaded.append(response)

        visit.on("response", keep)
        visit.goto(call_url, wait_until="networkidle")
        first_visit = [
            (r.url.removeprefix(base_url), r.headers.get("content-type", ""), r.body())
            for r in list(loaded)
            if r.status == 200
        ]
        visit.remove_listener("response", keep)

        visit.on(
            "response", lambda r: partials.append(r) if "/steps/" in r.url else None
        )
        for button, fields in STEPS:
            for selector, value in fields.items():
                if value is None:
                    visit.check(f"{selector}")
                else:
                    visit.fill(selector, value)
            before = len(partials)
            visit.get_by_role("button", name=button).click()
            visit.wait_for_timeout(300)
            assert len(partials) > before, f"no htmx response after {button}"
        partials = [(r.url.rsplit("/", 1)[1], r.body()) for r in partials]
        browser.close()
    return first_visit, partials


def main():
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'weight.sqlite'}"
        team_id = seed(url)
        server = Server(url, Path(tmp) / "weight.log", workers=1).start()
        try:
            first_visit, partials = weigh(server.url, team_id)
        finally:
            server.stop()
    rows, total_raw, total_sent = [], 0, 0
    for path, content_type, body in first_visit:
        sent = compressed_size(body, content_type)
        total_raw += len(body)
        total_sent += sent
        rows.append([path.split("?")[0], content_type.split(";")[0], len(body), sent])
    rows.append(["**total**", "", total_raw, total_sent])
    step_rows = [
        [step, len(body), len(gzip.compress(body, compresslevel=6))]
        for step, body in partials
    ]
    body = (
        "### Call page, first visit with an empty cache\n\n"
        + table(["resource", "type", "bytes", "bytes sent (gzip for text)"], rows)
        + f"\n\nTotal sent: {total_sent / 1024:.1f} KB (target under 150 KB).\n\n"
        "### Step partials (step form plus out-of-band call record)\n\n"
        + table(["step posted", "bytes", "gzip bytes"], step_rows)
        + "\n\nTarget: each partial under 8 KB."
    )
    write_section("Page weight", body)


if __name__ == "__main__":
    main()
