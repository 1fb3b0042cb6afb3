"""Session lifetime: idle timeout, absolute lifetime and revocation."""

from datetime import datetime, timedelta

from flask import current_app, request, session
from flask_login import current_user, logout_user
from sqlalchemy import select

from duty.auth.drafts import load_draft, save_draft
from duty.auth.models import User
from duty.extensions import db, login_manager
from duty.timeutil import utcnow

DRAFT_ENDPOINTS = {"calls.submit_step"}
BACKGROUND_HEADER = "X-Background-Refresh"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the user only if their session version still matches."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalar(select(User).where(User.id == int(user_id)))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def start_session(user: User) -> None:
    """Begin a fresh session, carrying over only a draft saved for this user."""
    draft = load_draft()
    session.clear()
    if draft and draft.get("user_id") == user.id:
        save_draft(draft)
    now = utcnow().isoformat()
    session["login_at"] = now
    session["last_seen"] = now


def check_session_age() -> None:
    """End a session that has been idle too long or has reached its lifetime."""
    if not current_user.is_authenticated:
        return
    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    lifetime = timedelta(hours=current_app.config["SESSION_MAX_HOURS"])
    try:
        last_seen = datetime.fromisoformat(session["last_seen"])
        login_at = datetime.fromisoformat(session["login_at"])
    except (KeyError, ValueError):
        last_seen = login_at = datetime.min
    if now - last_seen > idle or now - login_at > lifetime:
        user_id = current_user.id
        logout_user()
        session.clear()
        session["expired_user_id"] = user_id
        return
    # A page refreshing itself on a timer is not someone at the desk, so it
    # must not keep an idle session alive.
    if request.headers.get(BACKGROUND_HEADER) != "true":
        session["last_seen"] = now.isoformat()


def keep_draft() -> None:
    """Keep the answers of a step posted after the session ended, for this user only."""
    if request.method != "POST" or request.endpoint not in DRAFT_ENDPOINTS:
        return
    user_id = session.get("expired_user_id")
    if user_id is None:
        return
    values = {k: v for k, v in request.form.items() if k not in ("csrf_token",)}
    save_draft(
        {
            "user_id": user_id,
            "call": request.view_args.get("public_id"),
            "step": request.view_args.get("step_id"),
            "values": values,
        }
    )
