"""The start page for each role."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from duty.auth.models import CALL_ROLES, Role
from duty.calls.queries import incoming_for, open_calls_for
from duty.calls.unfinished import unfinished_for_team
from duty.extensions import db
from duty.followups import service as follow_ups
from duty.sandbox.binding import in_practice
from duty.sandbox.mode import practice_path
from duty.sandbox.views import render_practice_home
from duty.teams.models import Team
from duty.timeutil import utcnow

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    """Show what this user can do next."""
    if in_practice():
        return render_practice_home()
    if current_user.has_role(Role.TRAINEE):
        return redirect(practice_path(url_for("main.home")))
    teams = []
    if current_user.has_role(*CALL_ROLES):
        teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    unfinished = []
    if current_user.has_role(Role.TEAM_LEADER, Role.MANAGER):
        unfinished = unfinished_for_team(current_user.team_id, utcnow())
    return render_template(
        "main/home.html",
        teams=teams,
        incoming=incoming_for(current_user),
        open_calls=open_calls_for(current_user),
        unfinished=unfinished,
        follow_ups=follow_ups.mine(current_user),
        now=utcnow(),
    )


@bp.route("/healthz")
def healthz():
    """Report whether the database answers, for a load balancer."""
    try:
        db.session.execute(select(1))
    except Exception:  # noqa: BLE001  (any database failure means unhealthy)
        db.session.rollback()
        return {"status": "unavailable"}, 503
    return {"status": "ok"}


@bp.route("/start")
def start():
    return redirect(url_for("main.home"))
