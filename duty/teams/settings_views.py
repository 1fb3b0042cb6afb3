"""Managers' settings for a line: hours, number, message, staff, training."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.models import Role, User
from duty.auth.permissions import roles_required
from duty.extensions import db
from duty.letters.documents import find_direct_lines
from duty.teams.formdata import FormReader
from duty.teams.hours import Hours, day_summary, hours_problem
from duty.teams.line_models import OutOfHoursMessage, TrainingRecord
from duty.teams.lines import (
    MESSAGE_MAX_LENGTH,
    current_message,
    message_history,
    recommended_message,
)
from duty.teams.models import REGIONS
from duty.teams.rota import team_members
from duty.teams.training import COURSES, completions, required_courses
from duty.teams.views import bp, load_team, require_manager
from duty.timeutil import local_today

SETTING_FIELDS = (
    "duty_number",
    "region",
    "opens_at",
    "closes_at",
    "allows_voicemail",
    "mailbox_capacity",
    "first_point",
)


def _settings_values(team) -> dict:
    return {
        "duty_number": team.duty_number or "",
        "region": team.region,
        "opens_at": f"{team.opens_at:%H:%M}",
        "closes_at": f"{team.closes_at:%H:%M}",
        "allows_voicemail": "yes" if team.allows_voicemail else "no",
        "mailbox_capacity": str(team.mailbox_capacity),
        "first_point": "yes" if team.first_point else "no",
    }


def _settings_page(team, values, reader=None, status=200):
    reader = reader or FormReader({})
    check, check_errors = _checked_day(team)
    if check_errors and status == 200:
        status = 422
    return render_template(
        "teams/settings.html",
        team=team,
        values=values,
        regions=REGIONS,
        errors=reader.errors + check_errors,
        errors_by_id=reader.errors_by_id,
        **check,
    ), status


def _checked_day(team) -> tuple[dict, list[dict]]:
    """Read the optional day to show the hours for, from the query string.

    Return the template values and the errors for the page's error summary.
    """
    reader = FormReader(request.args)
    if not request.args.get("checking"):
        return {"check": None, "check_values": {}, "check_error": None}, []
    day = reader.date("check", "The day to check", local_today())
    summary = day_summary(day, Hours.of(team)) if day else None
    error = reader.errors[0]["text"] if reader.errors else None
    values = {"check": summary, "check_values": reader.values, "check_error": error}
    return values, reader.errors


@bp.route("/lines/<int:team_id>/settings")
@roles_required(Role.MANAGER)
def edit_settings(team_id):
    """Show the line's settings, and its hours on a chosen day."""
    team = load_team(team_id)
    require_manager(team)
    return _settings_page(team, _settings_values(team))


@bp.route("/lines/<int:team_id>/settings", methods=["POST"])
@roles_required(Role.MANAGER)
def save_settings(team_id):
    """Check and save the line's number, region, hours and voicemail settings."""
    team = load_team(team_id)
    require_manager(team)
    reader = FormReader(request.form)
    parsed = _read_settings(reader)
    if reader.errors:
        return _settings_page(team, reader.values, reader, 422)

    changed = [name for name in SETTING_FIELDS if getattr(team, name) != parsed[name]]
    for name in changed:
        setattr(team, name, parsed[name])
    audit.record("line.settings", "team", team.id, detail=", ".join(changed))
    db.session.commit()
    flash("Line settings saved." if changed else "Nothing was changed.")
    return redirect(url_for("lines.edit_settings", team_id=team.id), code=303)


def _read_settings(reader: FormReader) -> dict:
    parsed = {
        "duty_number": reader.uk_phone("duty_number", "the duty number"),
        "region": reader.choice(
            "region", "the part of the UK the team works in", REGIONS
        ),
        "opens_at": reader.clock("opens_at", "the opening time"),
        "closes_at": reader.clock("closes_at", "the closing time"),
        "first_point": reader.choice(
            "first_point",
            "whether the first person deals with the enquiry",
            ("yes", "no"),
        )
        == "yes",
        "allows_voicemail": reader.choice(
            "allows_voicemail", "whether callers can leave a message", ("yes", "no")
        )
        == "yes",
        "mailbox_capacity": _read_capacity(reader),
    }
    if parsed["opens_at"] and parsed["closes_at"]:
        problem = hours_problem(parsed["opens_at"], parsed["closes_at"])
        if problem:
            reader.error("closes_at", problem)
    return parsed


def _read_capacity(reader: FormReader) -> int | None:
    raw = reader.text(
        "mailbox_capacity", "how many messages the mailbox holds", max_length=4
    )
    if "mailbox_capacity" in reader.errors_by_id:
        return None  # too long, and one message for the field is enough
    if raw and (not raw.isdigit() or not 1 <= int(raw) <= 999):
        reader.error(
            "mailbox_capacity",
            "Enter how many messages the mailbox holds, from 1 to 999",
        )
        return None
    return int(raw) if raw.isdigit() else None


@bp.route("/lines/<int:team_id>/message", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def edit_message(team_id):
    """Show and change the out-of-hours message, keeping every version."""
    team = load_team(team_id)
    require_manager(team)
    reader = FormReader(request.form)
    if request.method == "POST":
        text = reader.text("text", "the message", max_length=MESSAGE_MAX_LENGTH)
        # The message is played to every caller and published in status.json,
        # and a member of staff's direct line must never be given out.
        if text and find_direct_lines(text, allowed=team.duty_number):
            reader.error(
                "text",
                "The message contains a member of staff's direct telephone line. "
                "Remove it and give the duty number instead",
            )
        if not reader.errors and text != current_message(team):
            db.session.add(
                OutOfHoursMessage(team_id=team.id, text=text, set_by_id=current_user.id)
            )
            audit.record("line.message", "team", team.id)
            db.session.commit()
            flash("Out-of-hours message saved. Record it on the line's mailbox.")
        if not reader.errors:
            return redirect(url_for("lines.edit_message", team_id=team.id), code=303)
    return render_template(
        "teams/message.html",
        team=team,
        text=reader.values.get("text", current_message(team)),
        recommended=recommended_message(team),
        history=message_history(team),
        errors=reader.errors,
        errors_by_id=reader.errors_by_id,
    ), (422 if reader.errors else 200)


def _team_member(team, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.team_id != team.id:
        abort(404)
    return user


def _staff_page(team, user, reader: FormReader, consent: str, status=200):
    values = reader.values or {"direct_line": user.direct_line or ""}
    page = render_template(
        "teams/staff.html",
        team=team,
        person=user,
        values=values,
        consent=consent,
        errors=reader.errors,
        errors_by_id=reader.errors_by_id,
    )
    return page, status


@bp.route("/lines/<int:team_id>/staff/<int:user_id>")
@roles_required(Role.MANAGER)
def edit_staff(team_id, user_id):
    """Show a team member's direct line and whether it may be shown."""
    team = load_team(team_id)
    require_manager(team)
    user = _team_member(team, user_id)
    consent = "yes" if user.direct_line_consent else ""
    return _staff_page(team, user, FormReader({}), consent)


@bp.route("/lines/<int:team_id>/staff/<int:user_id>", methods=["POST"])
@roles_required(Role.MANAGER)
def save_staff(team_id, user_id):
    """Set a team member's direct line and whether they consent to it being shown."""
    team = load_team(team_id)
    require_manager(team)
    user = _team_member(team, user_id)
    reader = FormReader(request.form)
    number = reader.uk_phone("direct_line", "the direct line", required=False)
    consent = request.form.get("consent", "")
    if reader.errors:
        return _staff_page(team, user, reader, consent, 422)

    # Consent without a number would list nothing, so it is not stored.
    user.direct_line = number
    user.direct_line_consent = consent == "yes" and number is not None
    audit.record("staff.direct_line", "user", user.id)
    db.session.commit()
    flash(f"Direct line saved for {user.full_name}.")
    return redirect(url_for("lines.show_training", team_id=team.id), code=303)


@bp.route("/lines/<int:team_id>/staff")
@roles_required(Role.MANAGER)
def show_training(team_id):
    """Show each team member's required courses, completions and direct line."""
    team = load_team(team_id)
    require_manager(team)
    return _training_page(team)


def _training_page(team, reader=None, status=200):
    members = team_members(team)
    reader = reader or FormReader({})
    return render_template(
        "teams/staff_list.html",
        team=team,
        members=members,
        courses=COURSES,
        records=completions(m.id for m in members),
        required={m.id: required_courses(m) for m in members},
        values=reader.values,
        errors=reader.errors,
        errors_by_id=reader.errors_by_id,
    ), status


@bp.route("/lines/<int:team_id>/training", methods=["POST"])
@roles_required(Role.MANAGER)
def record_training(team_id):
    """Record the date a team member completed a course."""
    team = load_team(team_id)
    require_manager(team)
    reader = FormReader(request.form)
    members = {str(m.id): m for m in team_members(team)}
    user_id = reader.choice("user_id", "who completed the course", members)
    course = reader.choice("course", "the course", COURSES)
    completed = reader.date("completed_on", "The completion date", local_today())
    if completed and completed > local_today():
        reader.error(
            "completed_on-day", "The completion date must be today or in the past"
        )
    if reader.errors:
        return _training_page(team, reader, 422)

    record = db.session.scalar(
        select(TrainingRecord).where(
            TrainingRecord.user_id == int(user_id), TrainingRecord.course == course
        )
    )
    if record is None:
        record = TrainingRecord(user_id=int(user_id), course=course)
        db.session.add(record)
    record.completed_on, record.recorded_by_id = completed, current_user.id
    db.session.flush()
    audit.record("staff.training", "user", user_id, detail=course)
    db.session.commit()
    flash(f"Training recorded for {members[user_id].full_name}.")
    return redirect(url_for("lines.show_training", team_id=team.id), code=303)
