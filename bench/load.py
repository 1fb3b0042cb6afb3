"""Simulate duty-line handlers taking whole calls against gunicorn with 2 workers.

    python bench/load.py [--handlers 50] [--seconds 60] [--think 0.5]
                         [--database-url postgresql://...]

Each simulated handler signs in, then until time runs out starts a call and
answers every step until the call is passed to the case owner, pausing
--think seconds between steps. Afterwards the saved rows are counted and
compared with the steps the server confirmed. Traffic goes to 127.0.0.1 only.
"""

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, summary_ms, table, write_section
from seed import PASSWORD, REFERENCE, seed
from sqlalchemy import create_engine, text

from tests.servers import Browser, Server, csrf_token, form_key

STEPS = [
    ("greeting", {}),
    ("short_questions", {"caller_name": "Sean O'Brien"}),
    ("caller_type", {"caller_type": "offender"}),
    ("reference", {"has_reference": "yes", "reference": REFERENCE}),
    ("team_check", {"enquiry": "Travel documents"}),
    ("route", {}),
]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.step_times: list[float] = []
        self.saved_steps = 0
        self.calls_passed = 0
        self.errors: list[str] = []

    def add(self, elapsed, ok, detail=""):
        with self.lock:
            if ok:
                self.step_times.append(elapsed)
                self.saved_steps += 1
            else:
                self.errors.append(detail)


def sign_in_all(base_url, handlers) -> list[Browser]:
    """Sign every handler in before the clock starts; Argon2 is slow on purpose."""
    browsers = []
    for number in range(handlers):
        browser = Browser(base_url)
        response = browser.sign_in(f"handler{number}", PASSWORD)
        assert response.status_code == 302, f"handler{number}: {response.status_code}"
        browsers.append(browser)
    return browsers


def handler(browser, team_id, deadline, think, tally):
    while time.monotonic() < deadline:
        try:
            public_id = browser.start_call(team_id)
            page = browser.get(f"/calls/{public_id}").text
            for step_id, data in STEPS:
                time.sleep(think)
                # As htmx does: each step's answer carries the form key and token
                # from the partial the previous step returned.
                token = csrf_token(page)
                payload = {"form_key": form_key(page), "csrf_token": token, **data}
                path = f"/calls/{public_id}/steps/{step_id}"
                started = time.perf_counter()
                response = browser.post(path, payload, True, token)
                elapsed = time.perf_counter() - started
                page = response.text
                tally.add(
                    elapsed,
                    response.status_code == 200,
                    f"{step_id}: {response.status_code}",
                )
            with tally.lock:
                tally.calls_passed += 1
        except Exception as error:  # noqa: BLE001  (counted as an error and reported)
            tally.errors.append(repr(error)[:200])


def count_rows(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        steps = connection.execute(text("SELECT count(*) FROM call_steps")).scalar()
        passed = connection.execute(
            text("SELECT count(*) FROM calls WHERE status = 'passed'")
        ).scalar()
    engine.dispose()
    return steps, passed


def run(url, handlers, seconds, think, workdir) -> dict:
    team_id = seed(url, handlers)
    # Every simulated handler signs in from 127.0.0.1, so lift the per-address
    # sign-in limit for this server only.
    env = {"LOGIN_LIMIT": "1000 per minute"}
    server = Server(url, workdir / "load.log", workers=2, env=env).start()
    browsers = sign_in_all(server.url, handlers)
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=handler, args=(browser, team_id, deadline, think, tally)
        )
        for browser in browsers
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    server.stop()
    steps, passed = count_rows(url)
    log = server.log()
    return {
        "tally": tally,
        "elapsed": elapsed,
        "rows": steps,
        "passed_rows": passed,
        "locked": log.count("database is locked"),
        "server_errors": log.count('" 500 '),
        "timeouts": sum("Timeout" in error for error in tally.errors),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handlers", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--think",
        type=float,
        default=0.5,
        help="seconds a handler waits before each step",
    )
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    assert 1 <= args.handlers <= 200 and 1 <= args.seconds <= 600, (
        "keep the load bounded"
    )
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'load.sqlite'}"
        url = url.replace("postgresql://", "postgresql+psycopg://")
        result = run(url, args.handlers, args.seconds, args.think, Path(tmp))
    tally = result["tally"]
    times = summary_ms(tally.step_times) if tally.step_times else {}
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    lost = tally.saved_steps - result["rows"]
    rows = [
        ["handlers", args.handlers],
        ["duration s", f"{result['elapsed']:.0f}"],
        ["think time before each step s", args.think],
        [
            "calls passed (client / rows)",
            f"{tally.calls_passed} / {result['passed_rows']}",
        ],
        ["steps confirmed by the server", tally.saved_steps],
        ["call_steps rows afterwards", result["rows"]],
        ["lost answers", lost],
        ["errors (client)", len(tally.errors)],
        ["of which timeouts after 10 s", result["timeouts"]],
        ["HTTP 500 in server log", result["server_errors"]],
        ['"database is locked" in server log', result["locked"]],
        ["step POST p50 ms", f"{times.get('p50', 0):.1f}"],
        ["step POST p95 ms", f"{times.get('p95', 0):.1f}"],
        ["step POST p99 ms", f"{times.get('p99', 0):.1f}"],
        ["steps per second", f"{tally.saved_steps / result['elapsed']:.0f}"],
    ]
    body = table(["measure", "value"], rows)
    if tally.errors:
        body += "\n\nFirst errors: " + "; ".join(tally.errors[:5])
    body += (
        "\n\nThe client threads run on the same machine as gunicorn, so they "
        "compete with it for CPU. Targets: zero errors, zero lost answers, "
        "step p95 under 50 ms."
    )
    write_section(f"Load ({kind})", body)


if __name__ == "__main__":
    main()
