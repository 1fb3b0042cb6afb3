import csv
import io
from datetime import date, timedelta

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.drafts import discard_draft
from duty.auth.models import CALL_ROLES, CASEWORK_ROLES, Role, User
from duty.auth.permissions import refuse, roles_required
from duty.calls import queries, service
from duty.calls.access import can_take_call, can_view_call, load_call
from duty.calls.models import CALLER_TYPES, OUTCOMES, CallStatus
from duty.calls.rendering import render_call_page, render_step_response, respond
from duty.csv_cells import escape_formula
from duty.extensions import db
from duty.guidance.questions import year_out_of_range
from duty.teams.models import Team
from duty.timeutil import format_local, local_today
from duty.web import is_htmx

bp = Blueprint("calls", __name__, url_prefix="/calls")


@bp.route("/new")
@roles_required(*CALL_ROLES)
def new_call():
    """Show the form to start a call on a duty line."""
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    chosen = request.args.get("line", str(current_user.team_id or ""))
    return render_template(
        "calls/new.html",
        teams=teams,
        chosen=chosen,
        caller_number=request.args.get("caller", ""),
        form_key=service.new_form_key(),
        errors=[],
    )


CALLER_NUMBER_MAX = 40  # the length of calls.caller_number


@bp.route("", methods=["POST"])
@roles_required(*CALL_ROLES)
def start_call():
    """Start a call on the chosen line and open its first step."""
    team = db.session.get(Team, request.form.get("team_id", type=int) or 0)
    caller_number = request.form.get("caller_number", "").strip()
    errors = []
    if team is None:
        errors.append(
            {"text": "Select the duty line the call came in on", "href": "#team_id"}
        )
    if len(caller_number) > CALLER_NUMBER_MAX:
        errors.append(
            {
                "text": f"Caller's number must be {CALLER_NUMBER_MAX} characters "
                "or fewer",
                "href": "#caller_number",
            }
        )
    if errors:
        teams = db.session.scalars(select(Team).order_by(Team.name)).all()
        page = render_template(
            "calls/new.html",
            teams=teams,
            chosen=str(team.id) if team else "",
            caller_number=caller_number,
            form_key=request.form.get("form_key") or service.new_form_key(),
            errors=errors,
        )
        return page, 422
    call = service.start_call_once(
        team, current_user, caller_number, request.form.get("form_key", "")
    )
    return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)


@bp.route("/<public_id>")
@roles_required(*CALL_ROLES)
def show_call(public_id):
    """Show the call at its current step, with the live record beside it."""
    call = load_call(public_id)
    if is_htmx():
        return render_step_response(call)
    return render_call_page(call)


@bp.route("/<public_id>/steps/<step_id>", methods=["POST"])
@roles_required(*CALL_ROLES)
def submit_step(public_id, step_id):
    """Save a step's answers and move the call on."""
    call = load_call(public_id, write=True)

    outcome = service.submit_step(call, step_id, request.form, current_user)
    discard_draft()

    if outcome.errors:
        return respond(call, values=outcome.values, errors=outcome.errors, status=422)
    if is_htmx():
        return render_step_response(call)
    return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)


def csrf_failed_on_step():
    """Show the step again with what was typed, asking the handler to resend it."""
    call = load_call(request.view_args["public_id"], write=True)
    values = {k: v for k, v in request.form.items() if k != "csrf_token"}
    message = "Your answers were not saved because the page had expired. Check them and send again"
    return respond(call, values=values, errors=[], banner_error=message, status=422)


@bp.route("/<public_id>/back", methods=["POST"])
@roles_required(*CALL_ROLES)
def go_back(public_id):
    """Return to the previous step, keeping its answers."""
    call = load_call(public_id, write=True)
    service.go_back(call, current_user)
    if is_htmx():
        return render_step_response(call)
    return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)


@bp.route("/<public_id>/end", methods=["GET", "POST"])
@roles_required(*CALL_ROLES)
def end_call(public_id):
    """Confirm, then end the call, keeping everything captured."""
    call = load_call(public_id, write=True)
    if request.method == "POST":
        reason = request.form.get("reason", "").strip()[:500]
        if service.end_call_now(call, current_user, reason):
            flash("The call has ended. Everything captured is on the log.")
        else:
            flash(
                "Write the call up now. It closes once its case note is saved.", "error"
            )
        return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)
    return render_template("calls/end.html", call=call)


@bp.route("/incoming")
@roles_required(*CALL_ROLES)
def incoming():
    """List calls passed to me that are waiting to be taken, and my calls in progress."""
    if is_htmx():
        return render_template(
            "calls/_incoming_list.html", calls=queries.incoming_for(current_user)
        )
    return render_template(
        "calls/incoming.html",
        calls=queries.incoming_for(current_user),
        open_calls=queries.open_calls_for(current_user),
    )


@bp.route("/<public_id>/take", methods=["POST"])
@roles_required(*CASEWORK_ROLES)
def take_call(public_id):
    """Take over a passed call; only one person gets it."""
    call = load_call(public_id)
    if call.handler_id == current_user.id and call.status == CallStatus.IN_PROGRESS:
        return redirect(url_for("calls.show_call", public_id=public_id), code=303)
    # Decided from who the call was passed to, not from its status, which a
    # colleague taking the call at the same moment may have just changed.
    if not can_take_call(call, current_user):
        refuse("not passed to this user", "call", public_id, call.id)
    if not service.take_call(call, current_user):
        taker = call.handler.full_name if call.handler else "someone else"
        flash(f"{taker} has already taken this call.", "error")
        return redirect(url_for("calls.incoming"), code=303)
    return redirect(url_for("calls.show_call", public_id=public_id), code=303)


def _log_filters():
    today = local_today()
    errors = []
    first = _parse_day(
        request.args.get("from"), today - timedelta(days=6), "from", errors
    )
    last = _parse_day(request.args.get("to"), today, "to", errors)
    if not errors and last < first:
        errors.append(
            {
                "text": "The end date must be the same as or after the start date",
                "href": "#to",
            }
        )
    team_id = current_user.team_id
    if current_user.has_role(Role.MANAGER):
        team_id = request.args.get("team", type=int) or team_id
    filters = {
        "caller_type": request.args.get("caller_type")
        if request.args.get("caller_type") in CALLER_TYPES
        else None,
        "outcome": request.args.get("outcome")
        if request.args.get("outcome") in OUTCOMES
        else None,
        "handler_id": request.args.get("handler", type=int),
    }
    return team_id, first, last, filters, errors


def _parse_day(raw, default: date, name: str, errors: list) -> date:
    if not raw:
        return default
    label = "start" if name == "from" else "end"
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        errors.append(
            {
                "text": f"Enter the {label} date as a real date, like 2026-12-04",
                "href": f"#{name}",
            }
        )
        return default
    message = year_out_of_range(f"The {label} date", day)
    if message:
        errors.append({"text": message, "href": f"#{name}"})
        return default
    return day


@bp.route("/log")
@roles_required(Role.ADMIN_OFFICER, *CASEWORK_ROLES)
def team_log():
    """Show the team's call log, filtered by date, caller type and outcome."""
    team_id, first, last, filters, errors = _log_filters()
    calls = [] if errors else queries.team_log(team_id, first, last, filters)
    return _render_log(calls, team_id, first, last, filters, errors)


def _render_log(calls, team_id, first, last, filters, errors):
    """Audit a view of the log, then render it with its calls or its errors."""
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    handlers = db.session.scalars(
        select(User).where(User.team_id == team_id).order_by(User.full_name)
    ).all()
    audit.record("log.view", "team", team_id)
    db.session.commit()
    return render_template(
        "calls/log.html",
        calls=calls,
        first=first,
        last=last,
        filters=filters,
        team_id=team_id,
        teams=teams,
        handlers=handlers,
        caller_types=CALLER_TYPES,
        outcomes=OUTCOMES,
        errors=errors,
    ), (422 if errors else 200)


LOG_COLUMNS = [
    "started_at",
    "ended_at",
    "team",
    "handler",
    "caller_type",
    "case_reference",
    "outcome",
    "passed_to",
    "redirected_to",
]


@bp.route("/log.csv")
@roles_required(Role.ADMIN_OFFICER, *CASEWORK_ROLES)
def export_log():
    """Download the filtered call log as CSV."""
    team_id, first, last, filters, errors = _log_filters()
    if errors:
        return _render_log([], team_id, first, last, filters, errors)
    calls = queries.team_log(team_id, first, last, filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LOG_COLUMNS)
    for call in calls:
        writer.writerow([escape_formula(cell) for cell in _log_row(call)])
    audit.record("log.export", "team", team_id, detail=f"{first} to {last}")
    db.session.commit()
    filename = f"call-log-{first}-to-{last}.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def _log_row(call) -> list[str]:
    """Return a call's row of the log export, with the labels the log page shows."""
    return [
        format_local(call.started_at, "%Y-%m-%d %H:%M"),
        format_local(call.ended_at, "%Y-%m-%d %H:%M"),
        call.team.name,
        call.answered_by.full_name,
        call.caller_type_label,
        call.case.reference if call.case else "",
        call.outcome_label or "In progress",
        call.passed_to.full_name if call.passed_to else "",
        call.redirected_to_team.name if call.redirected_to_team else "",
    ]


from duty.calls import unfinished_views  # noqa: E402  (adds its routes to bp)

__all__ = ["bp", "can_view_call", "csrf_failed_on_step", "unfinished_views"]
