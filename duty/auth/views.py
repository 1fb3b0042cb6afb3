from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from duty import audit
from duty.auth.forms import LoginForm
from duty.auth.models import User
from duty.auth.passwords import hash_password, needs_rehash, verify_password
from duty.auth.sessions import start_session
from duty.extensions import db, limiter
from duty.web import safe_next

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def _username_key() -> str:
    return "login-user:" + request.form.get("username", "").strip().lower()


def _failed(response) -> bool:
    """Count only failed sign-ins, so an office behind one address is not locked out."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(
    _login_limit, methods=["POST"], key_func=_username_key, deduct_when=_failed
)
def login():
    """Sign in with a username and password."""
    form = LoginForm()
    next_path = safe_next(request.args.get("next"))

    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        user = db.session.scalar(
            select(User).where(func.lower(User.username) == username)
        )
        if (
            user
            and user.active
            and verify_password(user.password_hash, form.password.data)
        ):
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            start_session(user)
            login_user(user)
            audit.record("login.success", "user", user.id, user=user)
            db.session.commit()
            current_app.logger.info("login.success", extra={"user_id": user.id})
            return redirect(next_path or url_for("main.home"))

        # The typed username is not kept: people type passwords into it by mistake.
        audit.record(
            "login.failure",
            "user",
            user.id if user else None,
            detail="" if user else "unknown username",
        )
        db.session.commit()
        current_app.logger.warning(
            "login.failure", extra={"user_id": getattr(user, "id", None)}
        )
        form.password.errors = ["Enter a correct username and password"]
    return render_template(
        "auth/login.html",
        form=form,
        next_path=next_path,
        timed_out=request.method == "GET" and "expired_user_id" in session,
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
        max_hours=current_app.config["SESSION_MAX_HOURS"],
    )


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out, ending every session of this user."""
    current_user.session_version += 1
    audit.record("logout", "user", current_user.id)
    db.session.commit()
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("auth.login"))
