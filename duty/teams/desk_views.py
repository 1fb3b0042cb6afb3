"""Views for the people answering a line: diversion and voicemail."""

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.models import CALL_ROLES
from duty.auth.permissions import roles_required
from duty.extensions import db
from duty.teams.formdata import FormReader
from duty.teams.hours import local_moment, to_naive_utc
from duty.teams.line_models import DiversionKind, Voicemail
from duty.teams.lines import (
    diversion_problem,
    is_overdue,
    log_voicemail,
    mailbox_warning,
    record_diversion,
)
from duty.teams.views import bp, load_team, require_member
from duty.timeutil import local_today, to_local, utcnow


@bp.route("/lines/<int:team_id>/diversion", methods=["POST"])
@roles_required(*CALL_ROLES)
def confirm_diversion(team_id):
    """Record that the line was diverted at close, or the diversion cancelled."""
    team = load_team(team_id)
    require_member(team)
    kind = request.form.get("kind")
    today = local_today()

    problem = diversion_problem(team, today, kind)
    if problem:
        flash(problem, "error")
    elif not record_diversion(team, today, kind, current_user):
        flash("This was already confirmed today.")
    elif kind == DiversionKind.DIVERTED:
        flash("Diversion confirmed.")
    else:
        flash("Diversion cancellation confirmed.")
    return redirect(url_for("lines.show_line", team_id=team.id), code=303)


def _voicemail_page(team, reader=None, status=200):
    messages = db.session.scalars(
        select(Voicemail)
        .where(Voicemail.team_id == team.id)
        .order_by(Voicemail.dealt_at.is_not(None), Voicemail.left_at.desc())
        .limit(200)
    ).all()
    now = utcnow()
    reader = reader or FormReader({})
    page = render_template(
        "teams/voicemail.html",
        team=team,
        messages=messages,
        overdue={m.id for m in messages if is_overdue(m, now)},
        warning=mailbox_warning(team),
        values=reader.values,
        errors=reader.errors,
        errors_by_id=reader.errors_by_id,
    )
    return page, status


def _voicemail_team(team_id):
    team = load_team(team_id)
    require_member(team)
    if not team.allows_voicemail:
        flash(f"{team.name} does not take recorded messages.", "error")
        return team, redirect(url_for("lines.show_line", team_id=team.id), code=303)
    return team, None


@bp.route("/lines/<int:team_id>/voicemail")
@roles_required(*CALL_ROLES)
def show_voicemail(team_id):
    """List the line's recorded messages, with overdue ones highlighted."""
    team = load_team(team_id)
    require_member(team)
    return _voicemail_page(team)


@bp.route("/lines/<int:team_id>/voicemail", methods=["POST"])
@roles_required(*CALL_ROLES)
def add_voicemail(team_id):
    """Log a recorded message; it is due by the end of the next working day."""
    team, not_allowed = _voicemail_team(team_id)
    if not_allowed:
        return not_allowed
    reader = FormReader(request.form)
    left_at = _read_left_at(reader)
    name = reader.text("caller_name", "the caller's name, or 'not given'")
    number = reader.text(
        "caller_number", "the caller's number, or 'withheld'", max_length=40
    )
    about = reader.text("about", "what the message is about", max_length=2000)
    if reader.errors:
        return _voicemail_page(team, reader, 422)

    message = log_voicemail(
        team,
        current_user,
        left_at,
        caller_name=name,
        caller_number=number,
        about=about,
    )
    flash(
        f"Message logged. Deal with it by {to_local(message.due_at):%-d %B %Y %H:%M}."
    )
    return redirect(url_for("lines.show_voicemail", team_id=team.id), code=303)


def _read_left_at(reader: FormReader) -> datetime | None:
    day = reader.date("left_on", "The date the message was left", local_today())
    clock = reader.clock("left_time", "the time the message was left")
    if day is None or clock is None:
        return None
    left_at = to_naive_utc(local_moment(day, clock))
    if left_at > utcnow():
        reader.error("left_on-day", "The time the message was left must be in the past")
        return None
    return left_at


@bp.route(
    "/lines/<int:team_id>/voicemail/<int:message_id>/dealt-with", methods=["POST"]
)
@roles_required(*CALL_ROLES)
def clear_voicemail(team_id, message_id):
    """Record who dealt with a message, and how."""
    # Messages left before a team stopped taking them must still be cleared,
    # so this does not check allows_voicemail.
    team = load_team(team_id)
    require_member(team)
    message = db.session.get(Voicemail, message_id)
    if message is None or message.team_id != team.id:
        abort(404)
    outcome = request.form.get("outcome", "").strip()[:2000]
    if not outcome:
        reader = FormReader({})
        reader.error(f"outcome-{message.id}", "Enter what was done about the message")
        return _voicemail_page(team, reader, 422)
    if message.dealt_at is None:
        message.dealt_at, message.dealt_by_id = utcnow(), current_user.id
        message.outcome = outcome
        audit.record("voicemail.dealt_with", "voicemail", message.id)
        db.session.commit()
    flash("Message marked as dealt with.")
    return redirect(url_for("lines.show_voicemail", team_id=team.id), code=303)
