"""Server-side role checks for views and partials."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from duty import audit
from duty.extensions import db


def roles_required(*roles):
    """Allow the view only to signed-in users holding one of the roles."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                refuse("role")
            return view(*args, **kwargs)

        wrapped.allowed_roles = tuple(str(r) for r in roles)
        return wrapped

    return decorator


def refuse(reason: str, object_type=None, object_id=None, call_id=None):
    """Audit a refused request and answer 403."""
    from flask import request

    audit.record(
        "refused",
        object_type,
        object_id,
        call_id=call_id,
        detail=f"{reason}: {request.method} {request.path}",
    )
    db.session.commit()
    abort(403)
