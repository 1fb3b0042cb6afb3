"""Request set-up for practice: the database each request uses, and trainee limits.

Practice requests (under PRACTICE_PREFIX) load the signed-in user from the
live database first, then switch every live table to the practice database
and read the user again from their stand-in row there. The first practice
request of a session writes one live audit entry, "practice.enter", which
names only the user. Outside practice, a
trainee may reach only sign-in, the guidance and the start page, which sends
them to practice.
"""

from flask import abort, current_app, g, redirect, request, session
from flask_login import current_user

from duty import audit
from duty.auth.models import CALL_ROLES, CASEWORK_ROLES, Role
from duty.auth.permissions import refuse
from duty.extensions import db
from duty.sandbox.binding import PRACTICE_ENVIRON_KEY, PRACTICE_PREFIX, in_practice
from duty.sandbox.world import ensure_stand_in, ensure_world

ASSET_ENDPOINTS = {"static", "govuk_assets"}
# The line status is public, for telephone systems, so a trainee may read it too.
TRAINEE_LIVE_ENDPOINTS = {
    "main.home",
    "main.start",
    "main.healthz",
    "lines.line_status_json",
    *ASSET_ENDPOINTS,
}
TRAINEE_LIVE_BLUEPRINTS = {"auth", "guidance"}
# Areas a practice call uses. Team settings, rotas and other administration
# stay live-only, so practice never changes them.
PRACTICE_BLUEPRINTS = {"main", "calls", "cases", "guidance", "sandbox", "incidents"}
# A download would carry practice calls out of the desk with no practice mark.
PRACTICE_CLOSED_ENDPOINTS = {"calls.export_log", "incidents.export_sheets"}

PRACTICE_NAV = [
    ("main.home", "Practice calls", None),
    ("calls.new_call", "Answer a call", CALL_ROLES),
    ("calls.incoming", "Incoming calls", CALL_ROLES),
    ("calls.team_log", "Practice log", CALL_ROLES),
    ("cases.search_cases", "Cases", CASEWORK_ROLES),
    ("guidance.index", "Guidance", None),
]


def enter_practice_or_live():
    """Switch a practice request to the practice database; keep trainees out of live."""
    if request.environ.get(PRACTICE_ENVIRON_KEY):
        return _enter_practice()
    _keep_trainee_out()
    return None


def _keep_trainee_out() -> None:
    if request.endpoint is None or not current_user.is_authenticated:
        return
    if not current_user.has_role(Role.TRAINEE):
        return
    if request.endpoint in TRAINEE_LIVE_ENDPOINTS:
        return
    if request.blueprint in TRAINEE_LIVE_BLUEPRINTS:
        return
    refuse("trainee outside practice")


def _enter_practice():
    if request.blueprint == "auth":
        # Signing in and out always works on live accounts.
        return redirect(request.full_path.rstrip("?"), code=307)
    if request.endpoint is None or request.endpoint in ASSET_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return None
    if (
        request.blueprint not in PRACTICE_BLUEPRINTS
        or request.endpoint in PRACTICE_CLOSED_ENDPOINTS
    ):
        abort(404)

    live_user = current_user._get_current_object()
    if not session.get("practice_entered"):
        audit.record("practice.enter", "user", live_user.id)
        db.session.commit()
        session["practice_entered"] = True
    g.live_user = {
        "id": live_user.id,
        "full_name": live_user.full_name,
        "role": live_user.role,
        "team_id": live_user.team_id,
    }
    ensure_world()
    ensure_stand_in(live_user)
    g.practice = True
    # The next read of the user comes from their practice stand-in.
    db.session.expire(live_user)
    current_app.logger.debug("practice.request", extra={"user_id": live_user.id})
    return None


def practice_nav_links() -> list[tuple[str, str]] | None:
    """Return the navigation for a practice request, or None outside practice."""
    if not in_practice():
        return None
    return [
        (endpoint, label)
        for endpoint, label, roles in PRACTICE_NAV
        if roles is None or current_user.has_role(*roles)
    ]


def live_root() -> str:
    """Return the path of the live start page, from either side."""
    root = request.script_root
    if in_practice() or request.environ.get(PRACTICE_ENVIRON_KEY):
        root = root.removesuffix(PRACTICE_PREFIX)
    return root + "/"


def practice_path(live_path: str) -> str:
    """Return the practice version of a live path built by url_for()."""
    root = request.script_root
    return root + PRACTICE_PREFIX + live_path[len(root) :]
