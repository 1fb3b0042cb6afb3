"""Incident pages after the call: sheets, threats, complaints, queues and export."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from duty.auth.models import CALL_ROLES, CASEWORK_ROLES, Role
from duty.auth.permissions import refuse, roles_required
from duty.extensions import db
from duty.incidents import complaints, export, forms, sheets, threats
from duty.incidents.blueprint import (
    audit_view,
    bp,
    is_team_manager,
    load_complaint,
    load_sheet,
    load_threat,
)
from duty.incidents.models import CaseFileCopy, EstablishmentFollowUp, ThreatReferral
from duty.timeutil import local_today

REVIEW_ROLES = (*CALL_ROLES, Role.ASSISTANT_DIRECTOR)


@bp.get("/record-sheets/<public_id>")
@roles_required(*REVIEW_ROLES)
def show_sheet(public_id):
    """Show a record sheet; every view is audited."""
    sheet = load_sheet(public_id)
    audit_view("incident.sheet.view", "abuse_sheet", public_id, sheet.call_id)
    return render_template("incidents/sheet.html", sheet=sheet)


@bp.post("/record-sheets/<public_id>/acknowledge")
@roles_required(Role.ASSISTANT_DIRECTOR)
def acknowledge_sheet(public_id):
    """Acknowledge a record sheet from this assistant director's area."""
    sheet = load_sheet(public_id)
    if sheets.acknowledge(sheet, current_user):
        flash(f"{sheet.acknowledged_by.full_name} had already acknowledged this sheet.")
    else:
        flash("Record sheet acknowledged.")
    return redirect(url_for("incidents.show_queue"), code=303)


@bp.get("/record-sheets")
@roles_required(Role.ASSISTANT_DIRECTOR)
def show_queue():
    """List the record sheets sent to this assistant director's area."""
    queue = sheets.queue_for(current_user)
    return render_template("incidents/queue.html", sheets=queue)


@bp.get("/threats/<public_id>")
@roles_required(*CALL_ROLES)
def show_threat(public_id):
    """Show a threat report and the referrals still to make."""
    threat = load_threat(public_id)
    audit_view("incident.threat.view", "threat", public_id, threat.call_id)
    return render_template("incidents/threat.html", threat=threat, errors=[])


@bp.post("/threats/<public_id>/referrals/<recipient>")
@roles_required(*CALL_ROLES)
def record_referral(public_id, recipient):
    """Record that a referral was made, by whom and when."""
    threat = load_threat(public_id)
    referral = next((r for r in threat.referrals if r.recipient == recipient), None)
    if referral is None:
        abort(404)
    result = forms.validate_referral(request.form)
    error = result.errors[0]["text"] if result.errors else None
    error = error or threats.record_referral(
        referral, current_user, result.data["note"]
    )
    if error:
        errors = [{"text": error, "href": f"#referral-{recipient}"}]
        page = render_template("incidents/threat.html", threat=threat, errors=errors)
        return page, 422
    flash(f"Referral to {_short(referral)} recorded.")
    return redirect(url_for("incidents.show_threat", public_id=public_id), code=303)


def _short(referral: ThreatReferral) -> str:
    return referral.label[0].lower() + referral.label[1:]


@bp.get("/complaints/<public_id>")
@roles_required(*CALL_ROLES)
def show_complaint(public_id):
    """Show a complaint and, for a written one, the address to give."""
    complaint = load_complaint(public_id)
    audit_view("incident.complaint.view", "complaint", public_id, complaint.call_id)
    return render_template("incidents/complaint.html", complaint=complaint, errors=[])


@bp.post("/complaints/<public_id>/close")
@roles_required(Role.MANAGER)
def close_complaint(public_id):
    """Close a complaint with a note of what was done."""
    complaint = load_complaint(public_id)
    result = forms.validate_closing(request.form)
    if result.errors:
        page = render_template(
            "incidents/complaint.html",
            complaint=complaint,
            errors=result.errors,
            values=result.values,
        )
        return page, 422
    complaints.close_complaint(complaint, current_user, result.data["closing_note"])
    flash("Complaint closed.")
    return redirect(url_for("incidents.show_incidents"), code=303)


@bp.get("")
@roles_required(Role.MANAGER)
def show_incidents():
    """Show the team's threats, record sheets, follow-ups and complaints."""
    team_id = current_user.team_id
    context = {
        "threats": threats.threats_for_team(team_id),
        "sheets": sheets.sheets_for_team(team_id),
        "complaints": complaints.complaints_for_team(team_id),
    }
    audit_view("incident.list.view", "team", str(team_id))
    return render_template("incidents/dashboard.html", **context)


@bp.post("/follow-ups/<int:follow_up_id>/done")
@roles_required(Role.MANAGER)
def complete_follow_up(follow_up_id):
    """Record that the prison or removal centre was contacted about the call."""
    follow_up = db.session.get(EstablishmentFollowUp, follow_up_id) or abort(404)
    if not is_team_manager(current_user, follow_up.team_id):
        refuse("follow-up of another team", "abuse_sheet", follow_up.sheet.public_id)
    result = forms.validate_referral(request.form)
    if result.errors:
        flash(result.errors[0]["text"], "error")
    else:
        sheets.complete_follow_up(follow_up, current_user, result.data["note"])
        flash(f"Follow-up with {follow_up.establishment} recorded.")
    return redirect(url_for("incidents.show_incidents"), code=303)


def _export_team_ids() -> list[int]:
    if current_user.has_role(Role.ASSISTANT_DIRECTOR):
        return sheets.area_team_ids(current_user)
    return [current_user.team_id] if current_user.team_id else []


@bp.get("/export")
@roles_required(Role.MANAGER, Role.ASSISTANT_DIRECTOR)
def show_export():
    """Show the form to download abusive call records for a period."""
    return render_template("incidents/export.html", values={}, errors=[], messages={})


@bp.get("/abusive-calls.csv")
@roles_required(Role.MANAGER, Role.ASSISTANT_DIRECTOR)
def export_sheets():
    """Download the record sheets for calls on the UK days asked for, as CSV."""
    result = forms.validate_period(request.args, local_today())
    if result.errors:
        page = render_template(
            "incidents/export.html",
            values=result.values,
            errors=result.errors,
            messages=result.messages,
        )
        return page, 422

    first, last = result.data["from"], result.data["to"]
    team_ids = _export_team_ids()
    body = export.to_csv(export.sheets_in_period(team_ids, first, last))
    audit_view("incident.export", "team", ",".join(map(str, team_ids)))
    filename = f"abusive-calls-{first}-to-{last}.csv"
    disposition = f"attachment; filename={filename}"
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": disposition}
    )


@bp.get("/file-copies/<int:copy_id>")
@roles_required(*CASEWORK_ROLES)
def show_file_copy(copy_id):
    """Show a copy placed on a person's file; audited as a view of the case."""
    copy = db.session.get(CaseFileCopy, copy_id) or abort(404)
    if copy.case.team_id != current_user.team_id:
        refuse("case of another team", "case", copy.case.reference)
    audit_view("case.view", "case", copy.case.reference)
    return render_template("incidents/file_copy.html", copy=copy)
