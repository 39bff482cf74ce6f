"""The one service function every front door calls: REST, CLI, the application workflow, the what-if page."""

from __future__ import annotations

import hashlib
import json

from django.utils import timezone

from . import loader


class EvaluationInvalid(Exception):
    def __init__(self, errors: dict):
        super().__init__("invalid evaluation request")
        self.errors = errors


def evaluate_request(data: object, *, audience: str = "officer") -> dict:
    """Validate and evaluate one request body; raises EvaluationInvalid with DRF-shaped errors."""
    from .engine import evaluate
    from .validation import parse_request

    snapshot = loader.get_snapshot()
    request, errors = parse_request(data, snapshot, timezone.localdate())
    if errors:
        raise EvaluationInvalid(errors)
    return evaluate(request, snapshot, audience=audience)


def response_hash(request: object, response: dict) -> str:
    blob = json.dumps({"request": request, "response": response}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()
