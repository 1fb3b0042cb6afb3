"""Log lines shared by the incident services."""

from flask import current_app


def log_duplicate(kind: str, call_id: int) -> None:
    """Log a form that lost a race with the same form posted again."""
    current_app.logger.info(
        "incident.duplicate %s form already saved", kind, extra={"call_id": call_id}
    )
