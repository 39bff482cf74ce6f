"""Rules service: pure functions over a Snapshot of reference data (no ORM)."""

from .engine import RECOMMENDATIONS, evaluate, evaluate_raw  # noqa: F401
from .validation import Item, Request, parse_request  # noqa: F401
