"""Open calls at a chosen step and post incident forms over HTTP."""

from sqlalchemy import select

from duty.calls.models import Call
from duty.extensions import db
from tests.calls.helpers import answer, start, to_reference
from tests.conftest import form_key


def call_at_caller_type(client, team) -> str:
    """Start a call and answer it up to 'Who is calling', with no case found yet."""
    public_id = start(client, team)
    answer(client, public_id, {})
    answer(
        client,
        public_id,
        {"caller_name": "Sean O'Brien", "caller_number": "07700 900123"},
    )
    return public_id


def call_with_case(client, team, reference="B1234567") -> str:
    """Start a call and find its case by reference; the call waits at the team check."""
    public_id = start(client, team)
    to_reference(client, public_id)
    answer(client, public_id, {"has_reference": "yes", "reference": reference})
    return public_id


def load(public_id) -> Call:
    db.session.expire_all()
    return db.session.scalar(select(Call).where(Call.public_id == public_id))


def post_form(client, path: str, data: dict, key: str | None = None):
    """Open a form, then post it with the form key the page gave."""
    if key is None:
        key = form_key(client.get(path))
    return client.post(path, data={"form_key": key, **data})


def incident_path(public_id: str, name: str) -> str:
    return f"/incidents/calls/{public_id}/{name}"


def behaviour(client, public_id, behaviours=("shouting",), details=""):
    data = {"behaviours": list(behaviours), "details": details}
    return post_form(client, incident_path(public_id, "behaviour"), data)


def warn(client, public_id):
    return post_form(client, incident_path(public_id, "warning"), {})


def terminate(client, public_id, key=None):
    return post_form(client, incident_path(public_id, "termination"), {}, key)


def threat(client, public_id, **data):
    return post_form(client, incident_path(public_id, "threat"), data)


def sheet(client, public_id, key=None, **data):
    data.setdefault("behaviours", ["shouting"])
    data.setdefault("what_was_said", "Shouted that we are useless")
    data.setdefault("what_was_done", "Warned, then ended the call")
    return post_form(client, incident_path(public_id, "record-sheet"), data, key)


def complaint(client, public_id, **data):
    return post_form(client, incident_path(public_id, "complaint"), data)
