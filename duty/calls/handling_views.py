"""Views behind the disclosure gate, and the "unsure of credentials" switch.

They add routes to the calls blueprint, so they are imported before it is
registered.
"""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from duty.auth.models import CALL_ROLES
from duty.auth.permissions import roles_required
from duty.calls import disclosure, service
from duty.calls.access import load_call
from duty.calls.handling_panels import letter_panel
from duty.calls.rendering import render_step_response
from duty.calls.views import bp
from duty.web import is_htmx

SECTION_TEMPLATES = {
    "summary": "calls/panels/_case_details.html",
    "notes": "calls/_case_notes.html",
    "letter": "calls/panels/_letter.html",
}


def _render_section(call, section: str, panel: dict):
    partial = SECTION_TEMPLATES[section]
    if is_htmx():
        return render_template(partial, call=call, panel=panel)
    return render_template(
        "calls/section.html", call=call, panel=panel, partial=partial
    )


@bp.route("/<public_id>/case-details")
@roles_required(*CALL_ROLES)
def show_case_details(public_id):
    """Show the case summary to the handler of a verified, entitled caller."""
    call = load_call(public_id, write=True)
    disclosure.require(call, current_user, "summary")
    return _render_section(call, "summary", {"allowed": True, "case": call.case})


@bp.route("/<public_id>/case-notes")
@roles_required(*CALL_ROLES)
def show_case_notes(public_id):
    """Show the case notes to the handler of a verified, entitled caller."""
    call = load_call(public_id, write=True)
    disclosure.require(call, current_user, "notes")
    return _render_section(call, "notes", {"allowed": True, "case": call.case})


@bp.route("/<public_id>/letter")
@roles_required(*CALL_ROLES)
def show_letter(public_id):
    """Show what our letter asked for, to the handler of the verified addressee."""
    call = load_call(public_id, write=True)
    disclosure.require(call, current_user, "letter")
    panel = {"allowed": True, "party": letter_panel(call, current_user)["party"]}
    return _render_section(call, "letter", panel)


@bp.route("/<public_id>/unsure", methods=["POST"])
@roles_required(*CALL_ROLES)
def flag_unsure(public_id):
    """Move the call to putting it through to a manager or asking for writing."""
    call = load_call(public_id, write=True)
    if not service.start_unsure(call, current_user):
        flash("The call is already being put through or written up.", "error")
    if is_htmx():
        return render_step_response(call)
    return redirect(url_for("calls.show_call", public_id=call.public_id), code=303)
