"""The one service function every front door calls: REST, CLI, the application workflow, the what-if page."""

from __future__ import annotations

import hashlib
import json
import re

import orjson
from django.utils import timezone
from django.utils.translation import gettext as _

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
    # today's date only decides a request without as_of (and costs a time-zone conversion)
    today = None if type(data) is dict and data.get("as_of") is not None else timezone.localdate()
    request, errors = parse_request(data, snapshot, today)
    if errors:
        raise EvaluationInvalid(errors)
    return evaluate(request, snapshot, audience=audience)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_text(data: object, data_json: str) -> dict | None:
    """DRF-shaped errors for text that no record can keep (PostgreSQL refuses NUL characters and unpaired UTF-16
    surrogates) anywhere in `data`, or None. `data_json` is canonical_json(data), where such text can only
    appear as a \\u0000 or \\udxxx escape (orjson escapes control characters and cannot write a lone surrogate,
    so canonical_json falls back to the ASCII form for it)."""
    if "\\u0000" not in data_json and "\\ud" not in data_json:
        return None
    return _unstorable(data) or None


def _unstorable(value):
    if type(value) is str:
        return [_("Contains a character that cannot be stored (a NUL character or an unpaired surrogate).")] \
            if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        errors = {k: e for k, v in value.items() if (e := _unstorable(k) or _unstorable(v))}
        return errors or None
    if isinstance(value, list):
        errors = [_unstorable(v) or {} for v in value]
        return errors if any(errors) else None
    return None


def response_hash(request: object, response: dict) -> str:
    """SHA-256 of canonical_json({"request": request, "response": response}) (see canonical_json)."""
    return audit_json(request, response)[2]


_ORJSON = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def canonical_json(value: object) -> str:
    """The one JSON text of `value` that evaluation records store, hash and send: keys sorted, no spaces,
    UTF-8, other types as str() (orjson). Where orjson cannot write a value (an integer beyond 64 bits, an
    unpaired surrogate) the standard library writes it in the same shape with non-ASCII escaped. A function
    of the value alone, so a record read back from jsonb hashes to what it was stored with."""
    try:
        return orjson.dumps(value, option=_ORJSON, default=str).decode()
    except (orjson.JSONEncodeError, UnicodeError):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def audit_json(request: object, response: dict) -> tuple[str, str, str]:
    """(request as JSON, response as JSON, response_hash) from one serialisation of each: the hashed text is
    exactly canonical_json({"request": request, "response": response}), and the two JSON texts are what is
    stored (and the response's is what the API sends)."""
    request_json = canonical_json(request)
    response_json = canonical_json(response)
    digest = hashlib.sha256(b'{"request":')
    digest.update(request_json.encode())
    digest.update(b',"response":')
    digest.update(response_json.encode())
    digest.update(b"}")
    return request_json, response_json, digest.hexdigest()
