"""Content negotiation for machine-to-machine endpoints (customs): JSON whatever the client asks for.

DRF's documented "ignore client content negotiation" pattern: the first renderer is used without reading the
Accept header or the query string, which the default negotiation does on every request. A body still has to
be of a type a parser takes (else 415)."""

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.utils.mediatypes import media_type_matches


class JSONOnly(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        """The parser for the body's Content-Type, or None (DRF answers 415 Unsupported Media Type)."""
        return next((p for p in parsers if media_type_matches(p.media_type, request.content_type)), None)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
