from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.models import CASEWORK_ROLES
from duty.auth.permissions import refuse, roles_required
from duty.calls.models import Call
from duty.cases import search
from duty.cases.models import Case
from duty.extensions import db
from duty.guidance.questions import validate_date
from duty.timeutil import local_today

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.route("")
@roles_required(*CASEWORK_ROLES)
def search_cases():
    """Find a case by reference, or by surname and date of birth."""
    args = request.args
    errors, results, searched = [], [], bool(args)
    if args.get("reference"):
        case = search.by_reference(args["reference"])
        results = [case] if case else []
    elif searched:
        if not args.get("surname", "").strip():
            errors.append(
                {"text": "Enter a surname, or search by reference", "href": "#surname"}
            )
        iso, message = validate_date(
            "Date of birth",
            args.get("dob-day", ""),
            args.get("dob-month", ""),
            args.get("dob-year", ""),
            local_today(),
        )
        if message:
            errors.append({"text": message, "href": "#dob-day"})
        if not errors:
            results = search.by_surname_prefix(args["surname"], date.fromisoformat(iso))
    results = [case for case in results if case.team_id == current_user.team_id]
    if searched:
        audit.record("case.search", detail=f"{len(results)} results")
        db.session.commit()
    status = 422 if errors else 200
    return render_template(
        "cases/search.html", results=results, errors=errors, searched=searched
    ), status


@bp.route("/<reference>")
@roles_required(*CASEWORK_ROLES)
def show_case(reference):
    """Show a case: details, calls on it and notes. Every view is audited."""
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        abort(404)
    if case.team_id != current_user.team_id:
        refuse("case of another team", "case", reference)

    calls = db.session.scalars(
        select(Call).where(Call.case_id == case.id).order_by(Call.started_at.desc())
    ).all()
    audit.record("case.view", "case", reference)
    db.session.commit()
    return render_template("cases/case.html", case=case, calls=calls)
