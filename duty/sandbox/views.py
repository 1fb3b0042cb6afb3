"""Practice pages: scenarios, practice calls, debriefs, and the managers' results."""

from functools import wraps

import click
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from duty import audit
from duty.auth.models import CALL_ROLES, Role, User
from duty.auth.permissions import refuse, roles_required
from duty.extensions import db
from duty.sandbox import attempts
from duty.sandbox.binding import in_practice
from duty.sandbox.mode import live_root, practice_path
from duty.sandbox.models import PracticeAttempt
from duty.sandbox.scenarios import all_scenarios
from duty.sandbox.world import last_reset, reset

bp = Blueprint("sandbox", __name__)


def practice_only(view):
    """Serve the view only under the practice prefix, after signing in.

    Signing in comes first because a signed-out request is never in practice,
    so it would otherwise get 404 instead of the sign-in page.
    """

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not in_practice():
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def live_only(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if in_practice():
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def render_practice_home():
    """Render the practice start page: the scenarios and this user's attempts."""
    return render_template(
        "sandbox/start.html",
        scenarios=list(all_scenarios().values()),
        missing_needs=attempts.missing_needs,
        attempts=attempts.attempts_of(current_user.id),
    )


def _own_attempt(attempt_id: int) -> PracticeAttempt:
    attempt = db.session.get(PracticeAttempt, attempt_id)
    if attempt is None:
        abort(404)
    if attempt.user_id != current_user.id:
        refuse("practice attempt of another user", "practice_attempt", attempt_id)
    return attempt


@bp.route("/scenarios/<scenario_id>/start", methods=["POST"])
@practice_only
@roles_required(*CALL_ROLES)
def start_scenario(scenario_id):
    """Start a practice call scripted by one scenario."""
    scenario = all_scenarios().get(scenario_id)
    if scenario is None:
        abort(404)
    if attempts.missing_needs(scenario):
        flash(f"{scenario.title} cannot be played yet.", "error")
        return redirect(url_for("main.home"), code=303)
    attempt = attempts.start_attempt(scenario, current_user)
    public_id = attempt.call_public_id
    return redirect(url_for("calls.show_call", public_id=public_id), code=303)


@bp.route("/attempts/<int:attempt_id>/take-over", methods=["POST"])
@practice_only
@roles_required(*CALL_ROLES)
def take_over_call(attempt_id):
    """Take your own passed practice call, playing the case owner."""
    attempt = _own_attempt(attempt_id)
    call = attempts.call_of(attempt)
    if call is None:
        abort(404)
    if not attempts.take_over(attempt, call, current_user):
        flash("This practice call is not waiting to be taken.", "error")
    return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)


@bp.route("/attempts/<int:attempt_id>/finish", methods=["POST"])
@practice_only
@roles_required(*CALL_ROLES)
def finish_attempt(attempt_id):
    """End the practice call, score it and show the debrief."""
    attempt = _own_attempt(attempt_id)
    call = attempts.call_of(attempt)
    if call is None:
        abort(404)
    attempts.finish(attempt, call, current_user)
    return redirect(url_for("sandbox.show_debrief", attempt_id=attempt.id), code=303)


@bp.route("/attempts/<int:attempt_id>")
@practice_only
@login_required
def show_debrief(attempt_id):
    """Show what was done right and what broke the guidance on one practice call."""
    attempt = _own_attempt(attempt_id)
    return render_template(
        "sandbox/debrief.html",
        attempt=attempt,
        scenario=all_scenarios().get(attempt.scenario_id),
        call_url=url_for("calls.show_call", public_id=attempt.call_public_id),
    )


@bp.route("/switch-to-practice", methods=["GET", "POST"])
@live_only
@login_required
def switch_to_practice():
    """Explain practice mode, and switch into it when asked."""
    target = practice_path(url_for("main.home"))
    if request.method == "POST":
        # The first practice request writes the live audit entry.
        return redirect(target, code=303)
    return render_template("sandbox/switch.html", world=last_reset())


@bp.route("/practice-results")
@live_only
@roles_required(Role.MANAGER)
def list_results():
    """List each person's practice attempts and scores, for the manager's team."""
    team_id = current_user.team_id
    people = db.session.scalars(
        select(User).where(User.team_id == team_id).order_by(User.full_name)
    ).all()
    by_user: dict[int, list] = {}
    for attempt in attempts.attempts_for_team(team_id):
        by_user.setdefault(attempt.user_id, []).append(attempt)
    audit.record("practice.results", "team", team_id)
    db.session.commit()
    return render_template("sandbox/results.html", people=people, by_user=by_user)


@bp.route("/practice-results/<int:attempt_id>")
@live_only
@roles_required(Role.MANAGER)
def show_result(attempt_id):
    """Show the debrief of one practice attempt by someone in the manager's team."""
    attempt = db.session.get(PracticeAttempt, attempt_id)
    if attempt is None:
        abort(404)
    if attempt.team_id != current_user.team_id:
        refuse("practice attempt of another team", "practice_attempt", attempt_id)
    audit.record("practice.result", "practice_attempt", attempt_id)
    db.session.commit()
    return render_template(
        "sandbox/debrief.html",
        attempt=attempt,
        scenario=all_scenarios().get(attempt.scenario_id),
        call_url=None,
    )


@bp.route("/practice-reset", methods=["GET", "POST"])
@live_only
@roles_required(Role.MANAGER)
def reset_practice():
    """Confirm, then rebuild the practice database from the scenarios."""
    if request.method == "POST":
        reset(by=current_user)
        audit.record("practice.reset")
        db.session.commit()
        flash("The practice database has been reset. Scores are kept.")
        return redirect(url_for("sandbox.switch_to_practice"), code=303)
    return render_template("sandbox/reset.html", world=last_reset())


@bp.app_context_processor
def practice_globals():
    return {
        "practice_mode": in_practice(),
        "practice_call": _practice_call,
        "live_home": live_root,
    }


def _practice_call(call, step=None):
    if not in_practice():
        return None
    return attempts.caller_prompt(call, step)


@bp.record_once
def _load_scenarios(state) -> None:
    # A broken scenario file stops the app at start-up, naming the file.
    all_scenarios()


@bp.cli.command("reset")
@click.option("--drop-scores", is_flag=True, help="Remove practice attempts too.")
def reset_command(drop_scores):
    """Rebuild the practice database from the scenarios."""
    reset(keep_attempts=not drop_scores)
    click.echo("The practice database has been reset.")
