"""Letter register, letter choice, written replies, preview and PDF."""

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from duty import audit
from duty.auth.models import CASEWORK_ROLES
from duty.auth.permissions import roles_required
from duty.calls.models import Call
from duty.extensions import db
from duty.letters.access import load_case, load_letter
from duty.letters.chooser import NO_CUSTODY_STATUS, STATUS_PHRASES, TEMPLATES, propose
from duty.letters.documents import render_pdf
from duty.letters.models import PURPOSES, Letter
from duty.letters.requests import (
    REPLY_METHODS,
    new_form_key,
    read_form_key,
    read_letter_form,
    read_reply_form,
    read_start,
    recipient_options,
)
from duty.letters.service import (
    LetterNotCreated,
    create_letter,
    letter_for_form_key,
    open_tasks_for_case,
)

bp = Blueprint("letters", __name__)


@bp.route("/cases/<reference>/letters")
@roles_required(*CASEWORK_ROLES)
def list_letters(reference):
    """Show the case's letter register and the letters it still needs."""
    case = load_case(reference)
    letters = db.session.scalars(
        select(Letter).where(Letter.case_id == case.id).order_by(Letter.id.desc())
    ).all()

    audit.record("letter.register", "case", reference)
    db.session.commit()
    return render_template(
        "letters/register.html",
        case=case,
        letters=letters,
        tasks=open_tasks_for_case(case.id, case.team_id),
        templates=TEMPLATES,
    )


@bp.route("/cases/<reference>/letters/new")
@roles_required(*CASEWORK_ROLES)
def new_letter(reference):
    """Ask who the letter is to and why, then propose the template."""
    case = load_case(reference)
    errors = []
    if request.args:
        _, errors = read_start(case, request.args)
        if not errors and case.custody_status not in STATUS_PHRASES:
            errors = [{"text": NO_CUSTODY_STATUS}]

    audit.record("letter.propose", "case", reference)
    db.session.commit()
    return _letter_page(case, request.args, errors), 422 if errors else 200


@bp.route("/cases/<reference>/letters", methods=["POST"])
@roles_required(*CASEWORK_ROLES)
def add_letter(reference):
    """Create the chosen letter and add it to the register."""
    case = load_case(reference)
    earlier = letter_for_form_key(case, read_form_key(request.form))
    if earlier is not None:
        return _redirect_to_letter(earlier)

    choice, errors = read_letter_form(case, request.form)
    if not errors:
        try:
            letter = create_letter(case, choice, current_user)
        except LetterNotCreated as problem:
            errors = problem.errors
    if errors:
        return _letter_page(case, request.form, errors), 422

    return _redirect_to_letter(letter)


def _redirect_to_letter(letter: Letter):
    return redirect(
        url_for(".show_letter", reference=letter.case.reference, letter_id=letter.id),
        303,
    )


def _letter_page(case, source, errors: list):
    """Render the letter page, with the proposal once both questions are answered."""
    values, start_errors = read_start(case, source) if source else ({}, [])
    proposal = None
    if source and not start_errors:
        proposal = propose(
            case.custody_status, values["recipient_kind"], values["purpose"]
        )
    return render_template(
        "letters/new.html",
        case=case,
        values=values,
        errors=errors,
        form=source if request.method == "POST" else {},
        form_key=read_form_key(source) or new_form_key(),
        proposal=proposal,
        purposes=PURPOSES,
        templates=TEMPLATES,
        recipients=recipient_options(case),
    )


@bp.route("/cases/<reference>/replies/new")
@roles_required(*CASEWORK_ROLES)
def new_reply(reference):
    """Show the form for a written reply promised on a call."""
    case = load_case(reference)
    call = _linked_call(case, request.args.get("call"))
    audit.record("letter.reply_form", "case", reference, call_id=call and call.id)
    db.session.commit()
    return _reply_page(case, call, [], {})


@bp.route("/cases/<reference>/replies", methods=["POST"])
@roles_required(*CASEWORK_ROLES)
def add_reply(reference):
    """Draft a written reply from the letter templates and add it to the register."""
    case = load_case(reference)
    earlier = letter_for_form_key(case, read_form_key(request.form))
    if earlier is not None:
        return _redirect_to_letter(earlier)

    call = _linked_call(case, request.form.get("call"))
    choice, errors = read_reply_form(case, request.form, call)
    if not errors:
        try:
            letter = create_letter(case, choice, current_user)
        except LetterNotCreated as problem:
            errors = problem.errors
    if errors:
        return _reply_page(case, call, errors, request.form), 422
    return _redirect_to_letter(letter)


def _linked_call(case, public_id: str | None) -> Call | None:
    """Return the call the reply was promised on, which must be on this case."""
    if not public_id:
        return None
    call = db.session.scalar(select(Call).where(Call.public_id == public_id))
    if call is None or call.case_id != case.id:
        abort(404)
    return call


def _reply_page(case, call, errors: list, form):
    return render_template(
        "letters/reply.html",
        case=case,
        call=call,
        errors=errors,
        form=form,
        form_key=read_form_key(form) or new_form_key(),
        methods=REPLY_METHODS,
        recipients=recipient_options(case),
    )


@bp.route("/cases/<reference>/letters/<int:letter_id>")
@roles_required(*CASEWORK_ROLES)
def show_letter(reference, letter_id):
    """Show a letter from the register as it was generated."""
    case, letter = load_letter(reference, letter_id)

    audit.record("letter.view", "letter", letter.id)
    db.session.commit()
    return render_template(
        "letters/letter.html",
        case=case,
        letter=letter,
        templates=TEMPLATES,
        reply_methods=REPLY_METHODS,
    )


@bp.route("/cases/<reference>/letters/<int:letter_id>/pdf")
@roles_required(*CASEWORK_ROLES)
def download_letter(reference, letter_id):
    """Send a letter from the register as a PDF."""
    case, letter = load_letter(reference, letter_id)
    name = f"{case.reference}-{letter.template.replace('.', '')}-{letter.id}.pdf"
    pdf = render_pdf(letter.html, f"{letter.template} {case.reference}")

    audit.record("letter.pdf", "letter", letter.id)
    db.session.commit()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
