"""Follow-up pages: my follow-ups, the team's overdue list, done and delay."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from duty import audit
from duty.auth.models import CALL_ROLES, Role
from duty.auth.permissions import refuse, roles_required
from duty.extensions import db
from duty.followups import service
from duty.followups.models import FollowUp
from duty.guidance.questions import Option, Question, validate
from duty.timeutil import local_today, utcnow

bp = Blueprint("followups", __name__, url_prefix="/follow-ups")

DELAY_QUESTIONS = (
    Question(
        name="due_in",
        label="When did you tell the caller they will now hear from us?",
        type="radios",
        required_message="Select when the caller will now hear from us",
        options=(
            Option("1", "By the end of the next working day"),
            Option("2", "Within 2 working days"),
            Option("5", "Within 5 working days"),
            Option("date", "By a date"),
        ),
    ),
    Question(
        name="due_on",
        label="New due date",
        type="date",
        past_only=False,
        future_only=True,
        show_if={"due_in": "date"},
    ),
)


def _load(follow_up_id: int) -> FollowUp:
    follow_up = db.session.get(FollowUp, follow_up_id)
    if follow_up is None:
        abort(404)
    if not service.can_manage(follow_up, current_user):
        refuse(
            "follow-up of another user", "follow_up", follow_up_id, follow_up.call_id
        )
    return follow_up


@bp.route("")
@roles_required(*CALL_ROLES)
def list_my_follow_ups():
    """List the follow-ups I owe, soonest due first."""
    follow_ups = service.mine(current_user)
    return render_template("followups/mine.html", follow_ups=follow_ups, now=utcnow())


@bp.route("/overdue")
@roles_required(Role.TEAM_LEADER, Role.MANAGER)
def list_overdue():
    """List the team's follow-ups past their due time."""
    follow_ups = service.overdue_for_team(current_user.team_id, utcnow())
    audit.record("follow_up.overdue_view", "team", current_user.team_id)
    db.session.commit()
    return render_template(
        "followups/overdue.html", follow_ups=follow_ups, now=utcnow()
    )


@bp.route("/<int:follow_up_id>/done", methods=["POST"])
@roles_required(*CALL_ROLES)
def mark_done(follow_up_id):
    """Mark a follow-up done."""
    follow_up = _load(follow_up_id)
    service.mark_done(follow_up, current_user, utcnow())
    flash(f"Marked done: {follow_up.kind_label}.")
    target = "followups.list_my_follow_ups"
    if request.form.get("back") == "overdue":
        target = "followups.list_overdue"
    return redirect(url_for(target), code=303)


@bp.route("/<int:follow_up_id>/delay", methods=["GET", "POST"])
@roles_required(*CALL_ROLES)
def record_delay(follow_up_id):
    """Record that the caller was told of a delay, and the new due time."""
    follow_up = _load(follow_up_id)
    values, errors = {}, []
    if request.method == "POST":
        answers, values, errors = validate(DELAY_QUESTIONS, request.form, local_today())
        if not errors:
            due = service.due_from_choice(
                answers["due_in"], answers.get("due_on"), follow_up.team, utcnow()
            )
            error = service.record_delay_told(follow_up, current_user, utcnow(), due)
            if error is None:
                flash("Recorded that the caller was told of the delay.")
                return redirect(url_for("followups.list_my_follow_ups"), code=303)
            errors = [error]
    return render_template(
        "followups/delay.html",
        follow_up=follow_up,
        questions=service.hint_due_times(DELAY_QUESTIONS, follow_up.team, utcnow()),
        values=values,
        errors=[{"text": e.message, "href": f"#{e.field_id}"} for e in errors],
        errors_by_name={e.name: e.message for e in errors},
    ), (422 if errors else 200)
