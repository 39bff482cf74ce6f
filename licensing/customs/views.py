"""Customs over REST: licence check, write-off (idempotent, atomic), reversal. Thin views over services.customs."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing.api.authentication import ApiClientAuthentication
from licensing.api.negotiation import JSONOnly
from licensing.api.permissions import HasScope
from licensing.api.throttling import ApiClientRateThrottle
from licensing.services import customs

from . import check_cache, examples, selectors
from .serializers import (
    ErrorSerializer,
    LicenceCheckSerializer,
    RefusalSerializer,
    UsageReceiptSerializer,
    WriteOffSerializer,
)

LICENCE_NUMBER = re.compile(r"[^\x00-\x1f/]{1,32}")
MAX_ID = 2**63 - 1

COMMON_ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="No or an invalid/revoked token", examples=[examples.UNAUTHORISED]),
    403: OpenApiResponse(ErrorSerializer, description="The client lacks the required scope", examples=[examples.FORBIDDEN]),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit of this client exceeded (see Retry-After)",
                         examples=[examples.THROTTLED]),
}
NUMBER_PARAM = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="Licence number, e.g. DEMO-LIC-0001",
    pattern=r"^[A-Za-z0-9._-]{1,32}$", examples=[OpenApiExample("Demo licence", value="DEMO-LIC-0001")],
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="Unique per write-off (e.g. a UUID). The same key with the same body replays the original "
                "response; with another body it is refused (422). A refused write-off does not use up the key. Keys are remembered for 48 hours.",
    pattern=r"^[\x21-\x7e]{1,200}$",
)


class CustomsView(APIView):
    """API clients only (Bearer token), JSON only."""

    authentication_classes = [ApiClientAuthentication]
    content_negotiation_class = JSONOnly
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    permission_classes = [HasScope]
    throttle_classes = [ApiClientRateThrottle]

    def handle_exception(self, exc):
        if isinstance(exc, customs.CustomsError):
            return Response(exc.body, status=exc.status_code)
        return super().handle_exception(exc)

    @staticmethod
    def not_found_unless_valid_number(number: str) -> None:
        if not LICENCE_NUMBER.fullmatch(number):
            raise customs.LicenceNotFound({"detail": _("No licence with number %(number)s.") % {"number": number[:40]}})


class LicenceCheckView(CustomsView):
    required_scope = "licences:read"

    def read_with_throttle(self, request):
        """The licence's change stamp travels with the rate limit's count (one Redis round trip)."""
        return [check_cache.stamp_key(self.kwargs["number"])]

    @extend_schema(
        operation_id="customs_licence_check",
        summary="Check a licence: status, holder, validity, destinations, end users, and balance per line",
        parameters=[NUMBER_PARAM],
        responses={
            200: OpenApiResponse(LicenceCheckSerializer, description="The licence as customs needs it",
                                 examples=[examples.LICENCE]),
            404: OpenApiResponse(ErrorSerializer, description="Unknown licence", examples=[examples.NOT_FOUND]),
            **COMMON_ERRORS,
        },
        tags=["customs"],
    )
    def get(self, request, number):
        self.not_found_unless_valid_number(number)
        stamp = getattr(request, "read_with_throttle", {}).get(check_cache.stamp_key(number), check_cache.UNREAD)
        rows = check_cache.check_rows(request.user, number, selectors.check_rows, stamp=stamp)
        if not rows:
            raise customs.LicenceNotFound({"detail": _("No licence with number %(number)s.") % {"number": number}})
        return Response(selectors.check_body(rows, timezone.localdate()))


class UsageCreateView(CustomsView):
    required_scope = "licences:use"

    @extend_schema(
        operation_id="customs_write_off",
        summary="Write off quantities and values against licence lines (all lines or none, exactly once)",
        parameters=[NUMBER_PARAM, IDEMPOTENCY_KEY],
        request=WriteOffSerializer,
        responses={
            201: OpenApiResponse(UsageReceiptSerializer, description="Written off; the usage with what remains",
                                 examples=[examples.RECEIPT]),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid body or header: each field and why, "
                                 "or a line the licence does not have", examples=[examples.INVALID_BODY]),
            404: OpenApiResponse(ErrorSerializer, description="Unknown licence", examples=[examples.NOT_FOUND]),
            409: OpenApiResponse(RefusalSerializer, description="Refused, nothing written: not enough left on a "
                                 "line, or the licence is not active or outside its validity",
                                 examples=[examples.OVERDRAW, examples.SUSPENDED, examples.EXPIRED]),
            422: OpenApiResponse(ErrorSerializer, description="Idempotency-Key already used with another body",
                                 examples=[examples.KEY_REUSED]),
            415: OpenApiResponse(ErrorSerializer, description="The body is not application/json"),
            **COMMON_ERRORS,
        },
        examples=[examples.WRITE_OFF_REQUEST],
        tags=["customs"],
    )
    def post(self, request, number):
        self.not_found_unless_valid_number(number)
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > 200:
            return Response(
                {"Idempotency-Key": [_("Send an Idempotency-Key header of 1 to 200 characters (e.g. a UUID).")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = WriteOffSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = customs.write_off(
            request.user, number, key=key,
            declaration_reference=serializer.validated_data["declaration_reference"],
            lines=serializer.requested_lines(),
        )
        return _respond(outcome)


class UsageReverseView(CustomsView):
    required_scope = "licences:use"

    @extend_schema(
        operation_id="customs_reverse_usage",
        summary="Reverse a write-off for a cancelled declaration (idempotent: reversing again changes nothing)",
        parameters=[OpenApiParameter("usage_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Usage id")],
        request=None,
        responses={
            200: OpenApiResponse(UsageReceiptSerializer, description="Reversed (now or earlier); what remains",
                                 examples=[examples.REVERSED]),
            404: OpenApiResponse(ErrorSerializer, description="No such usage written off by this client",
                                 examples=[examples.USAGE_NOT_FOUND]),
            **COMMON_ERRORS,
        },
        tags=["customs"],
    )
    def post(self, request, usage_id):
        if usage_id > MAX_ID:
            raise customs.UsageNotFound({"detail": _("No usage with id %(id)s for this client.") % {"id": usage_id}})
        return _respond(customs.reverse(request.user, usage_id))


def _respond(outcome: customs.Outcome) -> Response:
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
    return Response(outcome.body, status=outcome.status_code, headers=headers)
