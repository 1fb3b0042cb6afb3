"""Start the app under gunicorn on 127.0.0.1 and talk to it like a browser."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "server-test-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn process serving create_app() on one port of 127.0.0.1."""

    def __init__(
        self, database_url, log_path, workers=2, port=None, env=None, app=None
    ):
        self.app = app or "duty:create_app()"
        self.database_url = database_url
        self.log_path = Path(log_path)
        self.workers = workers
        self.port = port or free_port()
        self.env = env or {}
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": SECRET_KEY,
            "SESSION_COOKIE_SECURE": "0",
            "INSTANCE_PATH": str(self.log_path.parent / "instance"),
            **self.env,
        }
        command = [
            sys.executable, "-m", "gunicorn",
            "--workers", str(self.workers),
            "--bind", f"127.0.0.1:{self.port}",
            "--graceful-timeout", "5",
            "--access-logfile", "-",
            self.app,
        ]  # fmt: skip
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self._wait_healthy()
        return self

    def _wait_healthy(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log()}")
            try:
                if requests.get(self.url + "/healthz", timeout=3).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz:\n{self.log()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        # SIGINT is the quick shutdown, but a shell running us in the background
        # makes gunicorn ignore it, so fall back to SIGTERM (graceful).
        for stop_signal, timeout in ((signal.SIGINT, 3), (signal.SIGTERM, 10)):
            self.process.send_signal(stop_signal)
            try:
                self.process.wait(timeout=timeout)
                return
            except subprocess.TimeoutExpired:
                continue
        self.process.kill()
        self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def form_key(html: str) -> str:
    match = re.search(r'name="form_key" value="([^"]+)"', html)
    assert match, "no form key on the page"
    return match.group(1)


class Browser:
    """A requests session that signs in and answers steps as htmx would."""

    def __init__(self, base_url: str):
        self.base = base_url
        self.http = requests.Session()

    def get(self, path, **kwargs):
        return self.http.get(
            self.base + path, allow_redirects=False, timeout=10, **kwargs
        )

    def post(self, path, data=None, htmx=False, token=None, **kwargs):
        """Post a form, as htmx with the CSRF token in a header when htmx is set."""
        headers = {"HX-Request": "true", "X-CSRFToken": token} if htmx else {}
        return self.http.post(
            self.base + path, data=data, headers=headers, allow_redirects=False,
            timeout=10, **kwargs,
        )  # fmt: skip

    def sign_in(self, username, password=PASSWORD):
        token = csrf_token(self.get("/login").text)
        data = {"username": username, "password": password, "csrf_token": token}
        return self.post("/login", data)

    def start_call(self, team_id) -> str:
        token = csrf_token(self.get("/calls/new").text)
        response = self.post("/calls", {"team_id": team_id, "csrf_token": token})
        assert response.status_code == 303, response.status_code
        return response.headers["Location"].rsplit("/", 1)[1]

    def step(self, public_id, step_id, data=None):
        page = self.get(f"/calls/{public_id}").text
        assert f'/steps/{step_id}"' in page, f"call is not at {step_id}"
        token = csrf_token(page)
        payload = {"form_key": form_key(page), "csrf_token": token, **(data or {})}
        return self.post(f"/calls/{public_id}/steps/{step_id}", payload, True, token)

    def take(self, public_id):
        token = csrf_token(self.get("/calls/incoming").text)
        return self.post(f"/calls/{public_id}/take", {"csrf_token": token})


def pass_call_steps(browser: Browser, public_id: str, reference: str):
    """Answer the initial flow from the greeting until the call is passed on."""
    steps = [
        ("greeting", {}),
        ("short_questions", {"caller_name": "Sean O'Brien"}),
        ("caller_type", {"caller_type": "offender"}),
        ("reference", {"has_reference": "yes", "reference": reference}),
        ("team_check", {"enquiry": "Travel documents"}),
        ("route", {}),
    ]
    for step_id, data in steps:
        response = browser.step(public_id, step_id, data)
        assert response.status_code == 200, (step_id, response.status_code)
