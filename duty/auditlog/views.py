"""The managers' search of the audit record and its CSV download."""

from flask import (
    Blueprint,
    Response,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from duty import audit
from duty.auditlog.actions import ACTION_LABELS
from duty.auditlog.export import csv_chunks
from duty.auditlog.rows import describe
from duty.auditlog.search import (
    event_conditions,
    find_page,
    matching_events,
    read_filters,
    requested_page,
)
from duty.auth.models import Role
from duty.auth.permissions import roles_required
from duty.extensions import db
from duty.pagination import govuk_pagination
from duty.timeutil import local_today

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@roles_required(Role.MANAGER)
def search_events():
    """List the audit events of the manager's team, newest first, filtered."""
    form = read_filters(request.args, local_today())
    if form.errors:
        return _render_search(form), 422

    team_id = current_user.team_id
    page = find_page(form.filters, team_id, requested_page(request.args.get("page")))
    return _render_search(form, page, describe(page.rows, team_id))


@bp.get("/audit.csv")
@roles_required(Role.MANAGER)
def export_events():
    """Download every audit event the search matches, as CSV."""
    form = read_filters(request.args, local_today())
    if form.errors:
        return _render_search(form), 422

    team_id = current_user.team_id
    query = matching_events(event_conditions(form.filters, team_id))
    detail = f"filters: {form.filters.audit_summary()}"
    audit.record("audit.export", "team", team_id, detail=detail)
    db.session.commit()

    filename = f"audit-record-{local_today().isoformat()}.csv"
    return Response(
        stream_with_context(csv_chunks(query, team_id)),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def _render_search(form, page=None, rows=()):
    """Audit this search, then render the page with its results or its errors."""
    detail = f"filters: {form.filters.audit_summary()}; "
    if page is None:
        detail += "invalid: " + ", ".join(sorted(form.messages))
    else:
        counted = f"over {page.total}" if page.more_than_counted else page.total
        detail += f"page {page.number}, {counted} events"
    audit.record("audit.search", "team", current_user.team_id, detail=detail)
    db.session.commit()

    query = {key: value for key, value in request.args.items() if key != "page"}
    pagination = None
    if page is not None:
        pagination = govuk_pagination(
            page.number,
            page.pages,
            lambda number: url_for("audit.search_events", **query, page=number),
        )
    return render_template(
        "audit/search.html",
        form=form,
        errors=form.errors,
        page=page,
        rows=rows,
        pagination=pagination,
        query=query,
        action_labels=ACTION_LABELS,
    )
