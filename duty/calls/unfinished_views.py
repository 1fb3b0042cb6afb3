"""Pages where team leaders and managers close their team's unfinished calls.

They add routes to the calls blueprint, which imports this module once its
own routes are defined.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from duty import audit
from duty.auth.models import Role
from duty.auth.permissions import refuse, roles_required
from duty.calls import unfinished
from duty.calls.access import load_call
from duty.calls.views import bp
from duty.extensions import db
from duty.timeutil import utcnow

LEAD_ROLES = (Role.TEAM_LEADER, Role.MANAGER)


def _read_reason(form, errors: list, label: str) -> str:
    reason = form.get("reason", "").strip()
    if not reason:
        errors.append({"text": f"Enter why {label}", "href": "#reason"})
    elif len(reason) > unfinished.REASON_MAX_LENGTH:
        errors.append(
            {
                "text": f"The reason must be {unfinished.REASON_MAX_LENGTH} "
                "characters or fewer",
                "href": "#reason",
            }
        )
    return reason


def _list_page(ticked=(), reason="", errors=None, status=200):
    now = utcnow()
    calls = unfinished.unfinished_for_team(current_user.team_id, now)
    return render_template(
        "calls/unfinished.html",
        calls=calls,
        last_steps={call.id: unfinished.last_step(call) for call in calls},
        ticked=set(ticked),
        reason=reason,
        errors=errors or [],
        errors_by_id={e["href"][1:]: e["text"] for e in errors or []},
        stale_minutes=current_app.config["CALL_STALE_MINUTES"],
    ), status


@bp.route("/unfinished")
@roles_required(*LEAD_ROLES)
def list_unfinished():
    """List the team's calls in progress for longer than the set time."""
    audit.record("calls.unfinished_view", "team", current_user.team_id)
    db.session.commit()
    return _list_page()


@bp.route("/unfinished", methods=["POST"])
@roles_required(*LEAD_ROLES)
def close_unfinished_calls():
    """Close the ticked unfinished calls of the team, with one reason for all."""
    ticked = request.form.getlist("calls")
    errors = []
    if not ticked:
        errors.append({"text": "Select the calls to close", "href": "#calls"})
    reason = _read_reason(request.form, errors, "the calls are being closed")
    if errors:
        return _list_page(ticked, reason, errors, 422)

    # Only calls still on the team's list are closed. A ticked call missing
    # from it was ended or passed on since the list was shown, or is not
    # the team's.
    now = utcnow()
    listed = {
        call.public_id: call
        for call in unfinished.unfinished_for_team(current_user.team_id, now)
    }
    closed = 0
    for public_id in set(ticked):
        call = listed.get(public_id)
        if call and unfinished.close_unfinished(call, current_user, reason, now):
            closed += 1
    db.session.commit()

    if closed:
        flash(f"Closed {closed} call{'s' if closed != 1 else ''} as unfinished.")
    skipped = len(set(ticked)) - closed
    if skipped == 1:
        flash(
            "1 of the ticked calls was not closed, because it is no longer on the "
            "list. Its handler may have ended it or passed it on.",
            "error",
        )
    elif skipped:
        flash(
            f"{skipped} of the ticked calls were not closed, because they are no "
            "longer on the list. Their handlers may have ended them or passed them on.",
            "error",
        )
    return redirect(url_for("calls.list_unfinished"), code=303)


def _load_team_call(public_id: str):
    call = load_call(public_id)
    if call.team_id != current_user.team_id:
        refuse("call of another team", "call", public_id, call.id)
    return call


@bp.route("/<public_id>/close-unfinished", methods=["GET", "POST"])
@roles_required(*LEAD_ROLES)
def close_unfinished_call(public_id):
    """Confirm, then close one unfinished call of the team with a reason."""
    call = _load_team_call(public_id)
    now = utcnow()
    errors, reason = [], ""
    if request.method == "POST":
        reason = _read_reason(request.form, errors, "the call is being closed")
        if not errors:
            if unfinished.close_unfinished(call, current_user, reason, now):
                flash("Closed 1 call as unfinished.")
            else:
                flash(
                    "The call was not closed, because it is not on the list of "
                    "unfinished calls. Its handler may have ended it or passed it on.",
                    "error",
                )
            db.session.commit()
            return redirect(url_for("calls.list_unfinished"), code=303)

    return render_template(
        "calls/close_unfinished.html",
        call=call,
        closable=unfinished.is_unfinished(call, now),
        last_step=unfinished.last_step(call),
        reason=reason,
        errors=errors,
        errors_by_id={e["href"][1:]: e["text"] for e in errors},
    ), (422 if errors else 200)
