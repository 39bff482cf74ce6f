"""POST /api/v1/evaluations/: the rules service over REST (CONTRACT.md). Stateless but audited."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing.rules.service import EvaluationInvalid, evaluate_request
from licensing.services import audit

from .negotiation import JSONRenderer, PrerenderedJSON, json_body
from .permissions import HasScope, is_api_client

EXAMPLE_REQUEST = {
    "as_of": "2026-11-23",
    "export_type": "export",
    "exporter": {"member_state": "NL", "has_icp": True, "intra_group": False},
    "destination": "CN",
    "end_user": {"name": "Ministry of Public Security", "country": "CN", "type": "police_security"},
    "end_use": "Analysis of facial expressions in interrogation recordings",
    "items": [
        {"description": "Emotion-recognition software", "control_entry": None, "cyber_surveillance": True,
         "quantity": 1, "value_eur": 45000}
    ],
    "declarations": {"wmd": False, "military_end_use": False, "internal_repression": False},
    "licence_requirement_notified": False,
}


class EvaluationView(APIView):
    """Reads its JSON body with json_body() and answers with the JSON text its audit record hashed and stored
    (negotiation.py): the generic parsing and a second serialisation cost about a tenth of a request."""

    permission_classes = [HasScope]
    parser_classes = [JSONParser]  # what json_body() accepts (also what the OpenAPI schema shows)
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    required_scope = "evaluate"
    allow_users = ("officer", "exporter")

    @extend_schema(
        operation_id="evaluate",
        summary="Evaluate a transaction against the control list, general authorisations, catch-alls and measures",
        request={"application/json": {"type": "object"}},
        responses={
            200: OpenApiResponse(description="Recommendation with findings (CONTRACT.md)"),
            400: OpenApiResponse(description="Invalid request: each bad field and why"),
            401: OpenApiResponse(description="Not authenticated"),
            403: OpenApiResponse(description="No 'evaluate' scope"),
        },
        examples=[OpenApiExample("Emotion recognition to the Chinese MPS", value=EXAMPLE_REQUEST, request_only=True)],
        tags=["evaluations"],
    )
    def post(self, request):
        principal = request.user
        audience = "exporter" if (not is_api_client(principal) and principal.is_exporter) else "officer"
        data = json_body(request)
        try:
            answer = evaluate_request(data, audience=audience)
            answer_json = audit.log_evaluation(principal, data, answer)  # refuses text no record can keep
        except EvaluationInvalid as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(PrerenderedJSON(answer_json))
