"""Time a call step against a bare Flask route, both under gunicorn with 2 workers.

    python bench/step_cost.py [--requests 300] [--database-url URL]

The step measured is "Explain the short questions": validate two fields,
save the answers, choose the next step, render the step partial and the
out-of-band call record. The bare route does one INSERT and renders a page
of the same size; the bare GET renders a page the size of a step partial.
Requests are sent one at a time, so the figures are latencies.
"""

import argparse
import os
import tempfile
import time
from functools import partial
from pathlib import Path

from bare_app import create_table
from common import ROOT, summary_ms, table, write_section
from seed import PASSWORD, seed

from tests.servers import Browser, Server, csrf_token, form_key


def _timed(function):
    started = time.perf_counter()
    response = function()
    return time.perf_counter() - started, response


def measure_app(url: str, count: int, workdir: Path) -> dict:
    team_id = seed(url)
    server = Server(url, workdir / "app.log", workers=2).start()
    try:
        browser = Browser(server.url)
        browser.sign_in("handler0", PASSWORD)
        posts, gets, post_sizes, get_sizes = [], [], [], []
        for number in range(count + 20):
            public_id = browser.start_call(team_id)
            browser.step(public_id, "greeting")
            partial_url = f"{server.url}/calls/{public_id}"
            elapsed, page = _timed(
                partial(browser.http.get, partial_url, headers={"HX-Request": "true"})
            )
            assert page.status_code == 200
            token = csrf_token(browser.get(f"/calls/{public_id}").text)
            data = {
                "form_key": form_key(page.text),
                "csrf_token": token,
                "caller_name": "Sean O'Brien",
                "caller_number": "07700 900123",
            }
            step_path = f"/calls/{public_id}/steps/short_questions"
            post_elapsed, response = _timed(
                partial(browser.post, step_path, data, True, token)
            )
            assert response.status_code == 200 and "Who is calling" in response.text
            if number >= 20:  # the first requests warm up both workers
                gets.append(elapsed)
                posts.append(post_elapsed)
                get_sizes.append(len(page.content))
                post_sizes.append(len(response.content))
    except Exception:
        print(server.log()[-3000:])  # the server's side of the failure
        raise
    finally:
        server.stop()
    return {
        "post": summary_ms(posts),
        "get": summary_ms(gets),
        "post_bytes": sorted(post_sizes)[len(post_sizes) // 2],
        "get_bytes": sorted(get_sizes)[len(get_sizes) // 2],
    }


def measure_bare(url: str, count: int, workdir: Path, sizes: dict) -> dict:
    env = {
        "BARE_DATABASE_URL": url,
        "BARE_POST_BYTES": str(sizes["post_bytes"]),
        "BARE_GET_BYTES": str(sizes["get_bytes"]),
    }
    # Two workers creating the table at once can crash one, so create it here.
    create_table(url)
    server = Server(
        url, workdir / "bare.log", workers=2, env=env, app="bench.bare_app:create_app()"
    )
    server.start()
    try:
        browser = Browser(server.url)
        posts, gets, post_size, get_size = [], [], 0, 0
        for number in range(count + 20):
            elapsed, page = _timed(lambda: browser.get("/bare"))
            post_elapsed, response = _timed(lambda: browser.post("/bare"))
            assert page.status_code == response.status_code == 200
            if number >= 20:
                gets.append(elapsed)
                posts.append(post_elapsed)
            get_size, post_size = len(page.content), len(response.content)
    finally:
        server.stop()
    return {
        "post": summary_ms(posts),
        "get": summary_ms(gets),
        "post_bytes": post_size,
        "get_bytes": get_size,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite'}"
        url = url.replace("postgresql://", "postgresql+psycopg://")
        app = measure_app(url, args.requests, workdir)
        bare_url = f"sqlite:///{workdir / 'bare.sqlite'}"
        if url.startswith("postgresql"):
            bare_url = url
        bare = measure_bare(bare_url, args.requests, workdir, app)
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    rows = []
    for label, key in (
        ("POST step (save and next)", "post"),
        ("GET step partial", "get"),
    ):
        ratio = app[key]["p50"] / bare[key]["p50"]
        rows.append(
            [
                label,
                app[f"{key}_bytes"],
                app[key]["p50"],
                app[key]["p95"],
                bare[f"{key}_bytes"],
                bare[key]["p50"],
                bare[key]["p95"],
                f"{ratio:.2f}x",
            ]
        )
    body = table(
        [
            "request",
            "app bytes",
            "app p50 ms",
            "app p95 ms",
            "bare bytes",
            "bare p50 ms",
            "bare p95 ms",
            "p50 ratio",
        ],
        rows,
    ) + (
        f"\n\n{args.requests} sequential requests of each kind after 20 warm-up "
        f"requests; gunicorn with 2 sync workers on 127.0.0.1; {kind}. "
        "Target: p50 ratio at most 2x for both rows."
    )
    write_section(f"Step cost ({kind})", body)


if __name__ == "__main__":
    main()
