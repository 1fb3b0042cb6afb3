"""Routes of the incidents area, gathered on one blueprint."""

from duty.incidents import (  # noqa: F401  (register routes and the oversight list)
    call_views,
    oversight,
    review_views,
)
from duty.incidents.blueprint import bp

__all__ = ["bp"]
