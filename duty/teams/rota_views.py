"""Rota views: absences, per-day cover and who answers the line first."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.models import CALL_ROLES, Role, User
from duty.auth.permissions import roles_required
from duty.extensions import db
from duty.guidance.questions import year_out_of_range
from duty.teams.formdata import FormReader
from duty.teams.models import Absence
from duty.teams.rota import (
    PART_DAYS,
    absence_problems,
    cover_days,
    cover_range_problems,
    days_covering,
    first_answerer_problem,
    rota_date_problem,
    rota_for,
    save_cover,
    save_first_answerer,
    team_members,
)
from duty.teams.training import training_warning
from duty.teams.views import bp, load_team, require_manager, require_member
from duty.timeutil import local_today


def _rota_day() -> date:
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return local_today()
    return local_today() if year_out_of_range("The rota date", day) else day


def _rota_page(team, day, reader=None, form_name=None, status=200):
    reader = reader or FormReader({})
    upcoming = db.session.scalars(
        select(Absence)
        .join(User, Absence.user_id == User.id)
        .where(User.team_id == team.id, Absence.ends_on >= local_today())
        .order_by(Absence.starts_on, User.full_name)
    ).all()
    return render_template(
        "teams/rota.html",
        team=team,
        rota=rota_for(team, day),
        day=day,
        today=local_today(),
        members=team_members(team),
        upcoming=upcoming,
        part_days=PART_DAYS,
        is_manager=current_user.has_role(Role.MANAGER),
        values=reader.values,
        errors=reader.errors,
        errors_by_id=reader.errors_by_id,
        form_name=form_name,
    ), status


@bp.route("/lines/<int:team_id>/rota")
@roles_required(*CALL_ROLES)
def show_rota(team_id):
    """Show a day's rota: who is away, who covers them, who answers first."""
    team = load_team(team_id)
    require_member(team)
    return _rota_page(team, _rota_day())


def _member(reader, team, name, label):
    members = {str(m.id): m for m in team_members(team)}
    chosen = reader.choice(name, label, members)
    if chosen is None and request.form.get(name, "").isdigit():
        # Someone from another team posted directly; say so rather than "select".
        other = db.session.get(User, int(request.form[name]))
        if other is not None and other.team_id != team.id:
            reader.errors[-1]["text"] = (
                f"{other.full_name} is in another team. Select someone in this team"
            )
    return members.get(chosen) if chosen else None


@bp.route("/lines/<int:team_id>/absences", methods=["POST"])
@roles_required(Role.MANAGER)
def add_absence(team_id):
    """Record a whole or part day absence for a team member."""
    team = load_team(team_id)
    require_manager(team)
    reader = FormReader(request.form)
    person = _member(reader, team, "user_id", "who is absent")
    starts_on = reader.date("starts_on", "The first day of the absence", local_today())
    ends_on = reader.date("ends_on", "The last day of the absence", local_today())
    part_day = reader.choice("part_day", "how much of the day", PART_DAYS) or ""
    reason = reader.text("reason", "the reason", required=False)
    if person and starts_on and ends_on:
        for field_id, message in absence_problems(person, starts_on, ends_on, part_day):
            reader.error(field_id, message)
    if reader.errors:
        return _rota_page(team, _rota_day(), reader, "absence", 422)

    absence = Absence(
        user_id=person.id,
        starts_on=starts_on,
        ends_on=ends_on,
        part_day=part_day or None,
        reason=reason,
    )
    db.session.add(absence)
    db.session.flush()
    audit.record("rota.absence_add", "absence", absence.id)
    db.session.commit()
    flash(f"Absence recorded for {person.full_name}.")
    covering = days_covering(person, starts_on, ends_on)
    if covering:
        listed = ", ".join(f"{day:%-d %B %Y}" for day in covering)
        flash(
            f"{person.full_name} is rota cover on {listed}. While they are "
            "away, the calls they cover go to the team leader unless you set "
            "another cover.",
            "error",
        )
    return redirect(url_for("lines.show_rota", team_id=team.id), code=303)


@bp.route("/lines/<int:team_id>/absences/<int:absence_id>/delete", methods=["POST"])
@roles_required(Role.MANAGER)
def remove_absence(team_id, absence_id):
    """Remove an absence recorded by mistake."""
    team = load_team(team_id)
    require_manager(team)
    absence = db.session.get(Absence, absence_id)
    if absence is not None and absence.user.team_id == team.id:
        db.session.delete(absence)
        audit.record("rota.absence_remove", "absence", absence_id)
        db.session.commit()
        flash("Absence removed.")
    return redirect(url_for("lines.show_rota", team_id=team.id), code=303)


MAX_COVER_DAYS = 31


@bp.route("/lines/<int:team_id>/covers", methods=["POST"])
@roles_required(Role.MANAGER)
def set_cover(team_id):
    """Name who takes an absent colleague's calls on a day or a run of days."""
    team = load_team(team_id)
    require_manager(team)
    reader = FormReader(request.form)
    absent = _member(reader, team, "absent_user_id", "whose calls are covered")
    cover = _member(reader, team, "cover_user_id", "who covers the calls")
    first = _read_rota_date(reader, team, "cover_on")
    last = _read_last_cover_day(reader, first)
    days = cover_days(first, last, team.region or "ENG") if first and last else []
    if absent and cover and days:
        for field_id, message in cover_range_problems(team, absent, cover, days):
            reader.error(field_id, message)
    if reader.errors:
        return _rota_page(team, _rota_day(), reader, "cover", 422)

    save_cover(team, absent, cover, days, current_user)
    if len(days) == 1:
        when = f"on {first:%-d %B %Y}"
    else:
        when = f"on {len(days)} working days from {first:%-d %B} to {last:%-d %B %Y}"
    _flash_saved(f"{cover.full_name} covers {absent.full_name} {when}.", cover)
    return redirect(url_for("lines.show_rota", team_id=team.id, day=first), code=303)


def _read_last_cover_day(reader, first: date | None) -> date | None:
    """Read the optional last day of cover; blank means the first day alone."""
    parts = [
        request.form.get(f"cover_until-{part}", "").strip()
        for part in ("day", "month", "year")
    ]
    if not any(parts):
        for part in ("day", "month", "year"):
            reader.values[f"cover_until-{part}"] = ""
        return first
    last = reader.date("cover_until", "The last day of cover", local_today())
    if last is None or first is None:
        return None
    if last < first:
        reader.error(
            "cover_until-day",
            "The last day of cover must be the same as or after the rota date",
        )
        return None
    if (last - first).days >= MAX_COVER_DAYS:
        reader.error(
            "cover_until-day",
            f"Set cover for at most {MAX_COVER_DAYS} days at a time. Choose an earlier last day",
        )
        return None
    return last


def _read_rota_date(reader, team, name) -> date | None:
    day = reader.date(name, "The rota date", local_today())
    if day is not None:
        problem = rota_date_problem(day, local_today(), team.region or "ENG")
        if problem:
            reader.error(f"{name}-day", problem)
            return None
    return day


def _flash_saved(message: str, person: User) -> None:
    flash(message)
    warning = training_warning(person)
    if warning:
        flash(f"Check training before they take calls: {warning}", "error")


@bp.route("/lines/<int:team_id>/first-answerer", methods=["POST"])
@roles_required(Role.MANAGER)
def appoint_first_answerer(team_id):
    """Appoint who answers the line first on one day."""
    team = load_team(team_id)
    require_manager(team)
    reader = FormReader(request.form)
    person = _member(reader, team, "first_user_id", "who answers the line first")
    day = _read_rota_date(reader, team, "first_on")
    if person and day:
        problem = first_answerer_problem(team, person, day)
        if problem:
            reader.error("first_user_id", problem)
    if reader.errors:
        return _rota_page(team, _rota_day(), reader, "first", 422)

    save_first_answerer(team, person, day, current_user)
    _flash_saved(f"{person.full_name} answers first on {day:%-d %B %Y}.", person)
    return redirect(url_for("lines.show_rota", team_id=team.id, day=day), code=303)
