"""The manager's oversight page and its CSV export."""

from datetime import date, timedelta

from flask import Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.models import Role
from duty.auth.permissions import roles_required
from duty.extensions import db
from duty.guidance.questions import year_out_of_range
from duty.teams.models import Team
from duty.teams.oversight import (
    call_series,
    calls_in_period,
    oversight_csv,
    slipping_lists,
)
from duty.teams.views import bp
from duty.timeutil import local_today, utcnow

MAX_PERIOD_DAYS = 366


def _filters():
    """Read team and period from the query string, with GOV.UK errors."""
    today = local_today()
    errors = []
    first = _day("from", today - timedelta(days=6), "start", errors)
    last = _day("to", today, "end", errors)
    if not errors and last < first:
        errors.append(
            {
                "text": "The end date must be the same as or after the start date",
                "href": "#to",
            }
        )
    elif not errors and (last - first).days >= MAX_PERIOD_DAYS:
        errors.append({"text": "Choose a period of a year or less", "href": "#from"})
    all_teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    chosen = request.args.get("team", str(current_user.team_id or ""))
    teams = [t for t in all_teams if chosen == "all" or str(t.id) == chosen]
    if not teams:
        errors.append({"text": "Select a team, or all teams", "href": "#team"})
    return {
        "first": first,
        "last": last,
        "chosen": chosen,
        "teams": teams,
        "all_teams": all_teams,
        "errors": errors,
    }


def _day(name: str, default: date, label: str, errors: list) -> date:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        errors.append(
            {
                "text": f"Enter the {label} date as a real date, like "
                f"{default.isoformat()}",
                "href": f"#{name}",
            }
        )
        return default
    message = year_out_of_range(f"The {label} date", day)
    if message:
        errors.append({"text": message, "href": f"#{name}"})
        return default
    return day


def _figures(filters):
    calls = calls_in_period(filters["teams"], filters["first"], filters["last"])
    series = call_series(calls, filters["first"], filters["last"])
    slipping = slipping_lists(
        filters["teams"], filters["first"], filters["last"], utcnow(), calls
    )
    return calls, series, slipping


@bp.route("/oversight")
@roles_required(Role.MANAGER)
def show_oversight():
    """Show call volumes and everything past its time, for a team and period."""
    filters = _filters()
    calls, series, slipping = ([], [], []) if filters["errors"] else _figures(filters)
    audit.record("oversight.view", "team", filters["chosen"])
    db.session.commit()
    return render_template(
        "teams/oversight.html",
        calls=calls,
        series=series,
        slipping=slipping,
        **filters,
    ), (422 if filters["errors"] else 200)


@bp.route("/oversight.csv")
@roles_required(Role.MANAGER)
def export_oversight():
    """Download the oversight figures and lists as CSV."""
    filters = _filters()
    if filters["errors"]:
        abort(400)
    _calls, series, slipping = _figures(filters)
    body = oversight_csv(series, slipping)
    audit.record(
        "oversight.export",
        "team",
        filters["chosen"],
        detail=f"{filters['first']} to {filters['last']}",
    )
    db.session.commit()
    name = f"oversight-{filters['first']}-to-{filters['last']}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
