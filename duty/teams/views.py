"""Duty lines: the board, one line's page, status for telephony, directory."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from duty import audit
from duty.auth.models import CALL_ROLES, Role, User
from duty.auth.permissions import refuse, roles_required
from duty.calls import service
from duty.extensions import db, limiter
from duty.teams.hours import Hours, day_summary, line_status
from duty.teams.lines import current_message, diversion_checks, mailbox_warning
from duty.teams.models import Team
from duty.teams.rota import rota_for
from duty.timeutil import local_today, utcnow

bp = Blueprint("lines", __name__)

LINE_ROLES = (*CALL_ROLES, Role.ASSISTANT_DIRECTOR)


def load_team(team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None:
        abort(404)
    return team


def require_member(team: Team) -> None:
    """Allow only people in the team who take its calls."""
    if not (current_user.has_role(*CALL_ROLES) and current_user.team_id == team.id):
        refuse("not in team", "team", team.id)


def require_manager(team: Team) -> None:
    """Allow only the team's own managers to change its settings."""
    if not (current_user.has_role(Role.MANAGER) and current_user.team_id == team.id):
        refuse("not the team's manager", "team", team.id)


def status_of(team: Team):
    return line_status(Hours.of(team), utcnow())


@bp.app_context_processor
def line_status_globals():
    return {"header_line_status": header_line_status}


def header_line_status():
    """Return the signed-in user's own line and its status, for the page header."""
    if not current_user.is_authenticated or not current_user.has_role(*LINE_ROLES):
        return None
    try:
        team = current_user.team
    except SQLAlchemyError:
        # The error page for a failed database must still render.
        current_app.logger.warning(
            "lines.header_status_unavailable", extra={"user_id": current_user.id}
        )
        return None
    if team is None:
        return None
    href = url_for("lines.show_board")
    if current_user.has_role(*CALL_ROLES):
        href = url_for("lines.show_line", team_id=team.id)
    return {"team": team, "status": status_of(team), "href": href}


@bp.route("/lines")
@roles_required(*LINE_ROLES)
def show_board():
    """Show every duty line, open or closed, with its next opening time."""
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    today, now = local_today(), utcnow()
    lines = [
        {
            "team": team,
            "status": status_of(team),
            "overdue": [
                check
                for check in diversion_checks(team, today, today, now)
                if check.overdue
            ],
        }
        for team in teams
    ]
    return render_template("teams/board.html", lines=lines)


@bp.route("/lines/<int:team_id>")
@roles_required(*CALL_ROLES)
def show_line(team_id):
    """Show a line's status, today's diversion checks, rota and messages."""
    team = load_team(team_id)
    require_member(team)

    today = local_today()
    return render_template(
        "teams/line.html",
        team=team,
        status=status_of(team),
        today=day_summary(today, Hours.of(team)),
        checks=diversion_checks(team, today, today, utcnow()),
        message=current_message(team),
        mailbox_warning=mailbox_warning(team) if team.allows_voicemail else None,
        rota=rota_for(team, today),
        is_manager=current_user.has_role(Role.MANAGER),
    )


@bp.route("/lines/<int:team_id>/status.json")
@limiter.limit("120 per minute")
def line_status_json(team_id):
    """Return the line's status, next opening and recorded message as JSON."""
    team = db.session.get(Team, team_id)
    if team is None:
        return {"error": "line not found"}, 404
    status = status_of(team)
    next_opening = status.next_opening.isoformat() if status.next_opening else None
    return {
        "line": team.id,
        "team": team.name,
        "duty_number": team.duty_number,
        "status": "open" if status.is_open else "closed",
        "reason": status.reason,
        "next_opening": next_opening,
        "closes_at": status.closes_at.isoformat() if status.closes_at else None,
        "hours": {
            "opens_at": f"{team.opens_at:%H:%M}",
            "closes_at": f"{team.closes_at:%H:%M}",
            "days": "Monday to Friday, excluding public holidays",
            "holiday_region": team.region,
            "time_zone": "Europe/London",
        },
        "recorded_message": current_message(team),
        "voicemail": team.allows_voicemail,
    }


@bp.route("/lines/<int:team_id>/start-call", methods=["GET", "POST"])
@roles_required(*CALL_ROLES)
def start_call_on_line(team_id):
    """Confirm, then open a new call on the line with the caller's number filled in."""
    team = load_team(team_id)
    source = request.form if request.method == "POST" else request.args
    caller_number = source.get("caller", "").strip()[:40]
    if request.method == "GET":
        return render_template(
            "teams/start_call.html",
            team=team,
            caller_number=caller_number,
            status=status_of(team),
            rota=rota_for(team, local_today()),
            form_key=service.new_form_key(),
        )

    call = service.start_call_once(
        team, current_user, caller_number, request.form.get("form_key", "")
    )
    current_app.logger.info(
        "lines.start_call", extra={"team_id": team.id, "call_id": call.id}
    )
    return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)


@bp.route("/directory")
@roles_required(*LINE_ROLES)
def show_directory():
    """List every team's duty number, and staff direct lines given with consent."""
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    staff = db.session.scalars(
        select(User)
        .where(
            User.active.is_(True),
            User.direct_line_consent.is_(True),
            User.direct_line.is_not(None),
        )
        .order_by(User.full_name)
    ).all()
    audit.record("directory.view")
    db.session.commit()
    return render_template("teams/directory.html", teams=teams, staff=staff)


from duty.teams import (  # noqa: E402  (each module adds its routes to bp)
    desk_views,
    oversight_views,
    rota_views,
    settings_views,
)

__all__ = ["bp", "desk_views", "oversight_views", "rota_views", "settings_views"]
