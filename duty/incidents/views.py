"""Routes of the incidents area, gathered on one blueprint."""

from duty.incidents import call_views, review_views  # noqa: F401  (register routes)
from duty.incidents.blueprint import bp

__all__ = ["bp"]
