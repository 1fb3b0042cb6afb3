"""Move a case to another team, and list the letters a team must send again."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.models import CASEWORK_ROLES, Role
from duty.auth.permissions import roles_required
from duty.extensions import db
from duty.letters.access import load_case
from duty.letters.models import CaseTransfer
from duty.letters.moves import task_count, transfer_case, transfer_for_form_key
from duty.letters.requests import new_form_key, read_form_key
from duty.letters.service import open_tasks_for_team
from duty.letters.views import bp
from duty.teams.models import Team

TRANSFER_ROLES = (Role.TEAM_LEADER, Role.MANAGER)


def _other_teams(case) -> list[Team]:
    return list(
        db.session.scalars(
            select(Team).where(Team.id != case.team_id).order_by(Team.name)
        )
    )


def read_transfer_form(case, form) -> tuple[Team | None, bool, list[dict]]:
    """Check the transfer form and return the new team, permanence and errors."""
    errors = []
    team = None
    team_id = form.get("team_id", "")
    if team_id.isdigit():
        team = db.session.get(Team, int(team_id))
    if team is None or team.id == case.team_id:
        errors.append({"text": "Select the team the case moves to", "href": "#team_id"})
    permanent = form.get("permanent", "")
    if permanent not in ("yes", "no"):
        errors.append(
            {"text": "Select whether the move is permanent", "href": "#permanent"}
        )
    return team, permanent == "yes", errors


@bp.route("/cases/<reference>/transfer")
@roles_required(*TRANSFER_ROLES)
def new_transfer(reference):
    """Show the form to move a case to another team."""
    case = load_case(reference)

    audit.record("case.transfer_form", "case", reference)
    db.session.commit()
    return render_template(
        "letters/transfer.html",
        case=case,
        teams=_other_teams(case),
        form={},
        form_key=new_form_key(),
    )


@bp.route("/cases/<reference>/transfer", methods=["POST"])
@roles_required(*TRANSFER_ROLES)
def move_case(reference):
    """Move the case to another team and raise the letters it must send again."""
    earlier = transfer_for_form_key(read_form_key(request.form))
    if (
        earlier
        and earlier.case.reference == reference
        and earlier.moved_by_id == current_user.id
    ):
        return _after_transfer(earlier)

    case = load_case(reference)
    team, permanent, errors = read_transfer_form(case, request.form)
    if errors:
        return render_template(
            "letters/transfer.html",
            case=case,
            teams=_other_teams(case),
            form=request.form,
            form_key=read_form_key(request.form) or new_form_key(),
            errors=errors,
        ), 422

    transfer = transfer_case(
        case, team, permanent, current_user, read_form_key(request.form)
    )
    return _after_transfer(transfer)


def _after_transfer(transfer: CaseTransfer):
    """Redirect to case search, saying where the case went and what is owed."""
    message = f"Case {transfer.case.reference} moved to {transfer.to_team.name}."
    if task_count(transfer):
        message += " That team has been given the task of sending the letters again."
    flash(message, "success")
    return redirect(url_for("cases.search_cases"), 303)


@bp.route("/letters/tasks")
@roles_required(*CASEWORK_ROLES)
def list_tasks():
    """List the letters the user's team must send again after transfers."""
    tasks = open_tasks_for_team(current_user.team_id)

    audit.record("letter_task.list", detail=f"{len(tasks)} open")
    db.session.commit()
    return render_template("letters/tasks.html", tasks=tasks)
