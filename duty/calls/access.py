"""Permission checks for seeing and acting on a call, made on the server."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from duty.auth.models import CASEWORK_ROLES, Role
from duty.auth.permissions import refuse
from duty.calls.models import Call, CallStatus, CallStep
from duty.extensions import db


def can_view_call(call: Call, user) -> bool:
    if user.id in (call.answered_by_id, call.handler_id, call.passed_to_id):
        return True
    if user.has_role(Role.TEAM_LEADER, Role.MANAGER) and user.team_id == call.team_id:
        return True
    case = call.case
    return bool(
        case and user.has_role(*CASEWORK_ROLES) and case.team_id == user.team_id
    )


def can_take_call(call: Call, user) -> bool:
    """Return whether the call was passed to this user or to their team's leaders."""
    if call.passed_to_id == user.id:
        return True
    leads_team = user.has_role(Role.TEAM_LEADER, Role.MANAGER)
    return leads_team and user.team_id == call.team_id


def can_act_on_call(call: Call, user) -> bool:
    return call.status == CallStatus.IN_PROGRESS and call.handler_id == user.id


def load_call(public_id: str, write: bool = False) -> Call:
    """Load a call the current user may see (and, for writes, act on), else refuse."""
    call = db.session.scalar(
        select(Call)
        .where(Call.public_id == public_id)
        .options(
            selectinload(Call.steps).joinedload(CallStep.user),
            joinedload(Call.team),
            joinedload(Call.answered_by),
        )
    )
    if call is None:
        abort(404)
    if not can_view_call(call, current_user):
        refuse("call of another user", "call", public_id, call.id)
    if write and call.handler_id != current_user.id:
        refuse("not the handler of this call", "call", public_id, call.id)
    return call
