"""Plain-English labels for the audit record's action codes and record types.

Every code passed to duty.audit.record() needs a label here, and a test
fails when one is missing. The search's action list shows the codes in
this order.
"""

ACTION_LABELS = {
    # Signing in and access
    "login.success": "Signed in",
    "login.failure": "Failed sign-in",
    "login.throttled": "Sign-in blocked after too many attempts",
    "logout": "Signed out",
    "refused": "Access refused",
    # Calls
    "call.start": "Call started",
    "call.pass": "Call passed on",
    "call.take": "Passed call taken",
    "call.unsure": "Caller's credentials in doubt",
    "call.verify": "Caller's identity checked",
    "call.close_unfinished": "Unfinished call closed",
    "calls.unfinished_view": "Unfinished calls viewed",
    "disclosure": "Case details shown on a call",
    "disclosure.withheld": "Case details withheld on a call",
    "case_note.create": "Case note written",
    "log.view": "Call log viewed",
    "log.export": "Call log downloaded",
    # Cases and letters
    "case.search": "Cases searched",
    "case.view": "Case viewed",
    "case.transfer_form": "Case transfer form opened",
    "case.transfer": "Case moved to another team",
    "letter.register": "Letter register viewed",
    "letter.propose": "Letter template proposed",
    "letter.reply_form": "Reply letter form opened",
    "letter.create": "Letter created",
    "letter.override": "Other letter template chosen",
    "letter.view": "Letter viewed",
    "letter.pdf": "Letter downloaded as PDF",
    "letter_task.raise": "Letter to send raised",
    "letter_task.done": "Letter to send done",
    "letter_task.list": "Letters to send viewed",
    "establishment.add": "Establishment added to the register",
    "establishment.change": "Establishment changed in the register",
    # Follow-ups
    "follow_up.create": "Follow-up created",
    "follow_up.replace": "Follow-up replaced",
    "follow_up.done": "Follow-up done",
    "follow_up.delay_told": "Caller told of a delay",
    "follow_up.overdue_view": "Overdue follow-ups viewed",
    # Abusive calls, threats and complaints
    "incident.behaviour": "Abusive behaviour recorded",
    "incident.warning": "Warning given to a caller",
    "incident.terminate": "Abusive call ended",
    "incident.sheet": "Abusive call record sheet completed",
    "incident.sheet.view": "Record sheet viewed",
    "incident.sheet.acknowledge": "Record sheet acknowledged",
    "incident.follow_up": "Prison or removal centre contacted",
    "incident.threat": "Threat reported",
    "incident.threat.view": "Threat report viewed",
    "incident.referral": "Threat referred",
    "incident.complaint": "Complaint recorded",
    "incident.complaint.view": "Complaint viewed",
    "incident.complaint.close": "Complaint closed",
    "incident.list.view": "Incidents viewed",
    "incident.export": "Abusive call records downloaded",
    # Lines, rota and staff
    "diversion.diverted": "Line diversion at close confirmed",
    "diversion.cancelled": "Diversion cancelled at opening confirmed",
    "voicemail.log": "Recorded message logged",
    "voicemail.dealt_with": "Recorded message dealt with",
    "line.settings": "Line settings changed",
    "line.message": "Out-of-hours message changed",
    "directory.view": "Directory viewed",
    "rota.absence_add": "Absence added",
    "rota.absence_remove": "Absence removed",
    "rota.cover_set": "Rota cover set",
    "rota.first_answerer": "First answerer appointed",
    "staff.direct_line": "Direct line changed",
    "staff.training": "Training recorded",
    "oversight.view": "Oversight viewed",
    "oversight.export": "Oversight downloaded",
    # Practice
    "practice.enter": "Practice entered",
    "practice.start": "Practice call started",
    "practice.results": "Practice results viewed",
    "practice.result": "Practice result viewed",
    "practice.reset": "Practice reset",
    # The audit record itself
    "audit.search": "Audit record searched",
    "audit.export": "Audit record downloaded",
}

RECORD_LABELS = {
    "abuse_sheet": "Record sheet",
    "absence": "Absence",
    "call": "Call",
    "case": "Case",
    "complaint": "Complaint",
    "first_answerer": "First answerer",
    "follow_up": "Follow-up",
    "letter": "Letter",
    "letter_task": "Letter to send",
    "practice_attempt": "Practice attempt",
    "rota_cover": "Rota cover",
    "team": "Team",
    "threat": "Threat report",
    "user": "Staff member",
    "voicemail": "Recorded message",
}


def action_label(action: str) -> str:
    """Return the label of an action code, or the code itself if it has none."""
    return ACTION_LABELS.get(action, action)
