"""Duty line desk: guided handling of calls to duty officer telephone lines."""

import logging
import os
from pathlib import Path

from flask import Flask, render_template, request, send_from_directory, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from duty.config import load_config
from duty.extensions import csrf, db, limiter, login_manager, migrate
from duty.web import HTMX_CONFIG, csp_nonce, hx_redirect, is_htmx, set_security_headers

ROOT = Path(__file__).resolve().parent.parent
GOVUK_ASSETS = ROOT / "static" / "vendor" / "govuk-frontend-6.3.0" / "assets"


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app; test_config overrides settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)

    _configure_templates(app)
    _configure_extensions(app)
    _register_blueprints(app)
    _register_hooks(app)
    _register_errors(app)
    _load_guidance(app)
    _register_commands(app)
    _trust_proxies(app)
    app.logger.setLevel(logging.INFO)
    return app


def _trust_proxies(app: Flask) -> None:
    """Take the client's address and scheme from the proxies' forwarded headers.

    Only as many X-Forwarded-For entries as TRUSTED_PROXIES are believed, so
    a client cannot choose its own address (which sign-in throttling and the
    audit record use) by sending the header itself.
    """
    count = app.config["TRUSTED_PROXIES"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _configure_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from duty import filters

    filters.register(app)


def _configure_extensions(app: Flask) -> None:
    from duty.sandbox import binding

    binding.configure(app)
    db.init_app(app)
    with app.app_context():
        binding.watch_engine(db.engines[binding.PRACTICE_BIND])
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.session_protection = "strong"

    from duty import models  # noqa: F401  (register every table)
    from duty.auth import sessions  # noqa: F401  (user loader)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _register_blueprints(app: Flask) -> None:
    from duty.auditlog.views import bp as audit_bp
    from duty.auth.views import bp as auth_bp
    from duty.calls import handling_views  # noqa: F401  (routes on the calls blueprint)
    from duty.calls.views import bp as calls_bp
    from duty.cases.views import bp as cases_bp
    from duty.followups.views import bp as followups_bp
    from duty.guidance.views import bp as guidance_bp
    from duty.incidents.views import bp as incidents_bp
    from duty.letters import establishments  # noqa: F401  (routes on the letters blueprint)
    from duty.letters.transfers import bp as letters_bp
    from duty.main import bp as main_bp
    from duty.sandbox.views import bp as sandbox_bp
    from duty.teams.views import bp as lines_bp

    blueprints = (
        main_bp,
        auth_bp,
        calls_bp,
        cases_bp,
        guidance_bp,
        followups_bp,
        letters_bp,
        lines_bp,
        incidents_bp,
        sandbox_bp,
        audit_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)

    @app.route("/assets/<path:filename>")
    def govuk_assets(filename):
        return send_from_directory(GOVUK_ASSETS, filename, max_age=86400)


def _register_hooks(app: Flask) -> None:
    from duty.auth.sessions import check_session_age
    from duty.sandbox.mode import enter_practice_or_live

    @app.before_request
    def before_request():
        csp_nonce()
        check_session_age()
        return enter_practice_or_live()

    @app.after_request
    def after_request(response):
        return set_security_headers(response)

    @app.context_processor
    def template_globals():
        return {
            "cspNonce": csp_nonce(),
            "htmx_config": HTMX_CONFIG,
            "is_htmx": is_htmx(),
            "current_user": current_user,
            "nav_links": nav_links,
        }

    @login_manager.unauthorized_handler
    def unauthorized():
        from duty.auth.sessions import keep_draft

        keep_draft()
        target = _return_path()
        login_url = url_for("auth.login", next=target)
        if is_htmx():
            return hx_redirect(login_url, status=401)
        from flask import redirect

        return redirect(login_url)


# (endpoint, label, who may follow it, shown in the service navigation).
# Links kept out of the navigation are listed on the home page instead.
NAV = [
    ("main.home", "Home", None, True),
    ("calls.new_call", "Answer a call", "call", True),
    ("calls.incoming", "Incoming calls", "call", True),
    ("calls.team_log", "Call log", "log", True),
    ("calls.list_unfinished", "Unfinished calls", "lead", False),
    ("followups.list_my_follow_ups", "My follow-ups", "call", True),
    ("followups.list_overdue", "Overdue follow-ups", "lead", False),
    ("cases.search_cases", "Cases", "cases", True),
    ("letters.list_tasks", "Letters to send", "cases", False),
    ("letters.list_establishments", "Establishments register", "cases", False),
    ("incidents.show_incidents", "Incidents", "incidents", False),
    ("incidents.show_queue", "Record sheets", "sheets", True),
    ("guidance.index", "Guidance", None, True),
    ("lines.show_board", "Lines", "lines", True),
    ("lines.show_directory", "Directory", "lines", False),
    ("lines.show_oversight", "Oversight", "manage", True),
    ("audit.search_events", "Audit record", "manage", False),
    ("sandbox.switch_to_practice", "Practice", None, True),
]


def nav_links(primary_only: bool = True) -> list[tuple[str, str]]:
    """Return the links this user's role may follow, or only the navigation's."""
    from duty.auth.models import CALL_ROLES, CASEWORK_ROLES, Role
    from duty.sandbox.mode import practice_nav_links

    practice_links = practice_nav_links()
    if practice_links is not None:
        return practice_links
    allowed = {
        "call": current_user.has_role(*CALL_ROLES),
        "log": current_user.has_role(*CALL_ROLES),
        "cases": current_user.has_role(*CASEWORK_ROLES),
        "lead": current_user.has_role(Role.TEAM_LEADER, Role.MANAGER),
        "lines": current_user.has_role(*CALL_ROLES, Role.ASSISTANT_DIRECTOR),
        "manage": current_user.has_role(Role.MANAGER),
        "incidents": current_user.has_role(Role.MANAGER),
        "sheets": current_user.has_role(Role.ASSISTANT_DIRECTOR),
        None: True,
    }
    if current_user.has_role(Role.TRAINEE):
        return [("main.home", "Home"), ("guidance.index", "Guidance")]
    return [
        (endpoint, label)
        for endpoint, label, need, primary in NAV
        if allowed[need] and (primary or not primary_only)
    ]


def _return_path() -> str:
    """Return the page to come back to after signing in again."""
    if request.method == "GET" and not is_htmx():
        return request.script_root + request.full_path.rstrip("?")
    public_id = (request.view_args or {}).get("public_id")
    if request.blueprint == "calls" and public_id:
        return url_for("calls.show_call", public_id=public_id)
    return url_for("main.home")


def _register_errors(app: Flask) -> None:
    def render_error(status: int, title: str, message: str):
        return (
            render_template(
                "errors/error.html", status=status, title=title, message=message
            ),
            status,
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        from duty.calls.views import csrf_failed_on_step

        if not current_user.is_authenticated and is_htmx():
            return hx_redirect(url_for("auth.login", next=_return_path()), status=401)
        if request.endpoint == "calls.submit_step":
            try:
                return csrf_failed_on_step()
            except HTTPException as refusal:
                # The call is someone else's or does not exist, so respond with
                # the same 403 or 404 page the view would.
                return app.handle_http_exception(refusal)
        return render_error(
            400,
            "Your form could not be sent",
            "The page had been open too long or was opened in another tab. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(403)
    def forbidden(error):
        return render_error(
            403,
            "You do not have access to this page",
            "Ask your manager if you need it.",
        )

    @app.errorhandler(404)
    def not_found(error):
        if request.path.endswith(".json"):
            # A telephone system reads these addresses, so it gets JSON even
            # when no route matches, such as /lines/abc/status.json.
            return {"error": "not found"}, 404
        return render_error(
            404, "Page not found", "Check the address, or go back to the start page."
        )

    @app.errorhandler(429)
    def too_many(error):
        if request.endpoint == "auth.login":
            from duty import audit
            from duty.auth.forms import LoginForm

            audit.record("login.throttled")
            db.session.commit()

            form = LoginForm()
            form.username.errors = [
                "Too many sign-in attempts. Wait 5 minutes, then try again"
            ]
            return render_template("auth/login.html", form=form, next_path=None), 429
        return render_error(
            429, "Too many requests", "Wait a few minutes, then try again."
        )

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_error(
            500,
            "Sorry, there is a problem with the service",
            "Nothing you have already saved is lost. Try again in a moment.",
        )


def _load_guidance(app: Flask) -> None:
    from duty.calls.actions import ACTIONS, PANELS
    from duty.guidance.engine import FlowRegistry
    from duty.guidance.topics import topic_slugs

    app.extensions["guidance"] = FlowRegistry.load(
        app.config["GUIDANCE_DIR"], set(ACTIONS), PANELS, topic_slugs()
    )


def _register_commands(app: Flask) -> None:
    from duty import commands

    commands.register(app)
