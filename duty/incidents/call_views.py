"""Incident forms opened from a call: behaviour, warning, termination, threat,
complaint and the record sheet. The call stays at its step throughout."""

from flask import flash, redirect, request, url_for
from flask_login import current_user

from duty.auth.models import CALL_ROLES
from duty.auth.permissions import roles_required
from duty.calls.access import load_call
from duty.calls.models import CallStatus
from duty.incidents import abuse, complaints, forms, rules, sheets, threats
from duty.incidents.blueprint import bp, render_call_form
from duty.incidents.forms import FormResult


def _back_to_call(call):
    return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)


def _form_key() -> str:
    return request.form.get("form_key", "")


def _unless_in_progress(call):
    """Return a redirect away from a form that needs the call in progress."""
    if call.status == CallStatus.IN_PROGRESS:
        return None
    if call.outcome == abuse.TERMINATED_OUTCOME:
        return redirect(url_for("incidents.show_sheet_form", public_id=call.public_id))
    flash(abuse.NOT_IN_PROGRESS_MESSAGE, "error")
    return _back_to_call(call)


@bp.get("/calls/<public_id>/behaviour")
@roles_required(*CALL_ROLES)
def show_behaviour_form(public_id):
    """Show the form to note unacceptable behaviour on a call."""
    call = load_call(public_id, write=True)
    return render_call_form("incidents/behaviour.html", call)


@bp.post("/calls/<public_id>/behaviour")
@roles_required(*CALL_ROLES)
def record_behaviour(public_id):
    """Note the behaviours shown, then go on to the warning or the termination."""
    call = load_call(public_id, write=True)
    result = forms.validate_behaviour(request.form)
    if result.errors:
        return render_call_form("incidents/behaviour.html", call, result, 422)

    abuse.record_behaviour(call, current_user, result.data, _form_key())
    if call.status != CallStatus.IN_PROGRESS:
        flash("The behaviour is recorded on the call.")
        return _back_to_call(call)
    next_view = "show_termination" if abuse.was_warned(call) else "show_warning"
    return redirect(url_for(f"incidents.{next_view}", public_id=public_id), code=303)


@bp.get("/calls/<public_id>/warning")
@roles_required(*CALL_ROLES)
def show_warning(public_id):
    """Show the warning script to read to the caller."""
    call = load_call(public_id, write=True)
    return _unless_in_progress(call) or render_call_form("incidents/warning.html", call)


@bp.post("/calls/<public_id>/warning")
@roles_required(*CALL_ROLES)
def give_warning(public_id):
    """Record the time the warning was given, and return to the call."""
    call = load_call(public_id, write=True)
    outcome = abuse.give_warning(call, current_user, _form_key())
    if outcome.error:
        return _unless_in_progress(call)
    flash("Warning recorded. If the behaviour continues, end the call.")
    return _back_to_call(call)


@bp.get("/calls/<public_id>/termination")
@roles_required(*CALL_ROLES)
def show_termination(public_id):
    """Show the termination script, or explain that the warning comes first."""
    call = load_call(public_id, write=True)
    return _unless_in_progress(call) or _termination_page(call)


def _termination_page(call, result=None, status=200):
    allowed = rules.may_terminate(abuse.was_warned(call), abuse.threat_made(call))
    return render_call_form(
        "incidents/termination.html", call, result, status, allowed=allowed
    )


@bp.post("/calls/<public_id>/termination")
@roles_required(*CALL_ROLES)
def end_abusive_call(public_id):
    """End the call after the termination script; refused before a warning."""
    call = load_call(public_id, write=True)
    outcome = abuse.terminate(call, current_user, _form_key())
    if outcome.error == abuse.NO_WARNING_MESSAGE:
        result = FormResult()
        result.add_error("warning", outcome.error, "give-warning")
        return _termination_page(call, result, 422)
    if outcome.error:
        return _unless_in_progress(call)
    return redirect(url_for("incidents.show_sheet_form", public_id=public_id), code=303)


@bp.get("/calls/<public_id>/threat")
@roles_required(*CALL_ROLES)
def show_threat_form(public_id):
    """Show the form to report a threat made on a call."""
    call = load_call(public_id, write=True)
    case = call.case
    known = ""
    if case and rules.is_held(case.custody_status, case.establishment):
        known = case.establishment
    result = FormResult(values={"establishment": known})
    return render_call_form("incidents/threat_form.html", call, result)


@bp.post("/calls/<public_id>/threat")
@roles_required(*CALL_ROLES)
def report_threat(public_id):
    """Save the threat and show the referrals it needs."""
    call = load_call(public_id, write=True)
    result = forms.validate_threat(request.form)
    if result.errors:
        return render_call_form("incidents/threat_form.html", call, result, 422)

    outcome = threats.save_threat(call, current_user, result.data, _form_key())
    public = outcome.threat.public_id
    return redirect(url_for("incidents.show_threat", public_id=public), code=303)


@bp.get("/calls/<public_id>/complaint")
@roles_required(*CALL_ROLES)
def show_complaint_form(public_id):
    """Show the form to record a complaint made on a call."""
    call = load_call(public_id, write=True)
    return render_call_form("incidents/complaint_form.html", call)


@bp.post("/calls/<public_id>/complaint")
@roles_required(*CALL_ROLES)
def record_complaint(public_id):
    """Record the complaint and show what to tell the caller."""
    call = load_call(public_id, write=True)
    result = forms.validate_complaint(request.form)
    if result.errors:
        return render_call_form("incidents/complaint_form.html", call, result, 422)

    outcome = complaints.save_complaint(call, current_user, result.data, _form_key())
    public = outcome.complaint.public_id
    return redirect(url_for("incidents.show_complaint", public_id=public), code=303)


@bp.get("/calls/<public_id>/record-sheet")
@roles_required(*CALL_ROLES)
def show_sheet_form(public_id):
    """Show the abusive call record sheet, filled in from the call."""
    call = load_call(public_id, write=True)
    existing = sheets.sheet_for_call(call)
    if existing:
        return redirect(url_for("incidents.show_sheet", public_id=existing.public_id))
    result = FormResult(values=sheets.prefill(call))
    return _sheet_form(call, result)


def _sheet_form(call, result, status=200):
    director = sheets.assistant_director_for(call.team)
    return render_call_form(
        "incidents/sheet_form.html", call, result, status, director=director
    )


@bp.post("/calls/<public_id>/record-sheet")
@roles_required(*CALL_ROLES)
def submit_sheet(public_id):
    """Save and send the record sheet; the same sheet sent twice saves once."""
    call = load_call(public_id, write=True)
    result = forms.validate_sheet(request.form)
    if result.errors:
        return _sheet_form(call, result, 422)

    outcome = sheets.save_sheet(call, current_user, result.data, _form_key())
    sheet = outcome.sheet
    if outcome.duplicate:
        flash("This call's record sheet was already saved. Nothing was added.")
    else:
        sent = sheet.assistant_director
        flash(
            f"Record sheet sent to {sent.full_name}." if sent else "Record sheet saved."
        )
    return redirect(
        url_for("incidents.show_sheet", public_id=sheet.public_id), code=303
    )
