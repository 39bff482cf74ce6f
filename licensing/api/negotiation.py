"""Content negotiation, parsing and rendering for machine-to-machine endpoints (customs, evaluations).

- JSONOnly: DRF's documented "ignore client content negotiation" pattern: the first renderer is used without
  reading the Accept header or the query string, which the default negotiation does on every request. A body
  still has to be of a type a parser takes (else 415).
- json_body(): a JSON request body parsed as DRF's JSONParser parses it (strict: no NaN or Infinity; the
  body's charset, UTF-8 by default) without DRF's generic parser machinery (media-type negotiation, stream
  wrapping, QueryDict fallbacks), which cost the evaluation API about 30 µs per request (bench).
- PrerenderedJSON / JSONRenderer: a view that already holds its answer as JSON text (the evaluation API hashes
  and stores exactly that text) sends it as it is instead of serialising the same data a second time.
"""

import json

from django.conf import settings
from rest_framework import renderers
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.utils.json import strict_constant
from rest_framework.utils.mediatypes import media_type_matches


class JSONOnly(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        """The parser for the body's Content-Type, or None (DRF answers 415 Unsupported Media Type)."""
        return next((p for p in parsers if media_type_matches(p.media_type, request.content_type)), None)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


_decoder = json.JSONDecoder(parse_constant=strict_constant)  # one decoder, built once (DRF's is per call)


def json_body(request):
    """The JSON body of a DRF request, as `request.data` would give it with JSONParser as the only parser:
    {} for an empty body or a body without a Content-Type, UnsupportedMediaType (415) for a body of another
    type, ParseError (400, "JSON parse error - ...") for text that is not strict JSON in the body's charset."""
    django_request = request._request
    body = django_request.body  # bounded by DATA_UPLOAD_MAX_MEMORY_SIZE
    content_type = django_request.content_type
    if not body or not content_type:
        return {}
    if content_type != "application/json":
        raise UnsupportedMediaType(django_request.META.get("CONTENT_TYPE", content_type))
    try:
        return _decoder.decode(body.decode(django_request.encoding or settings.DEFAULT_CHARSET))
    except ValueError as exc:  # includes UnicodeDecodeError and JSONDecodeError
        raise ParseError(f"JSON parse error - {exc}") from exc


class PrerenderedJSON(str):
    """JSON text that is already the answer: JSONRenderer sends it byte for byte."""


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSONRenderer, except that PrerenderedJSON is sent as it is."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, PrerenderedJSON):
            return data.encode()
        return super().render(data, accepted_media_type, renderer_context)
