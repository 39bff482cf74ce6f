"""/api/v1/applications/: exporters' own systems create, fill and submit applications over REST.

Signed-in exporter users (session) or an organisation's API client (Bearer token with the
`applications` scope). Everything is scoped to that organisation: other organisations' ids are 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from licensing import workflow
from licensing.models import Document, InformationRequest, Organisation, PartyRole
from licensing.portal import selectors
from licensing.services import applications as service
from licensing.services import documents as document_service

from . import application_serializers as s

EXAMPLE = {
    "title": "Thermal camera cores for a research institute",
    "licence_type": "individual",
    "export_type": "export",
    "destination": "IN",
    "end_user": {"name": "Indian Institute of Science", "country": "IN", "type": "research",
                 "address": "CV Raman Rd, Bengaluru"},
    "consignees": [{"name": "Bangalore Freight Pvt Ltd", "country": "IN", "type": "commercial"}],
    "end_use": "Infrared imaging research on building insulation",
    "items": [
        {"description": "Uncooled thermal imaging camera core", "part_number": "TC-640",
         "control_entry": "6A003.b.4", "cyber_surveillance": False, "quantity": 4, "value_eur": 18000},
        {"description": "Lens cleaning kit", "control_entry": None, "quantity": 4, "value_eur": 120},
    ],
    "declarations": {"wmd": False, "military_end_use": False, "internal_repression": False, "confirmed": True},
}
ERRORS = {
    400: OpenApiResponse(description="Invalid field values: each bad field and why (DRF shape)"),
    401: OpenApiResponse(description="Not authenticated"),
    403: OpenApiResponse(description="Not an exporter user or API client with the 'applications' scope"),
    404: OpenApiResponse(description="No such application in your organisation"),
}
CONFLICT = {409: OpenApiResponse(description="Not allowed in the application's current status")}


class IsExporterPrincipal(BasePermission):
    def has_permission(self, request, view):
        return selectors.organisation_id(request.user) is not None


def _conflict(message) -> Response:
    return Response({"detail": str(message)}, status=status.HTTP_409_CONFLICT)


def _save(app, actor, data: dict) -> None:
    """Apply a validated (partial) body to a draft through the services."""
    fields = {k: data[k] for k in ("title", "licence_type", "export_type", "destination", "end_use",
                                    "intra_group", "large_project") if k in data}
    if "declarations" in data:
        d = data["declarations"]
        fields.update(declaration_wmd=d["wmd"], declaration_military_end_use=d["military_end_use"],
                      declaration_internal_repression=d["internal_repression"], declarations_confirmed=d["confirmed"])
    service.update_draft(app, actor, **fields)
    if "items" in data:
        service.replace_items(app, actor, data["items"])
    roles = {"end_user": PartyRole.END_USER, "consignees": PartyRole.CONSIGNEE,
             "intermediate_consignees": PartyRole.INTERMEDIATE_CONSIGNEE, "third_parties": PartyRole.THIRD_PARTY}
    for key, role in roles.items():
        if key in data:
            value = data[key]
            parties = [] if value is None else ([value] if key == "end_user" else value)
            service.replace_parties(app, actor, [{**p, "role": role} for p in parties], roles=(role,))


@extend_schema_view(
    list=extend_schema(summary="Your organisation's applications", responses={200: s.ApplicationListSerializer},
                       tags=["applications"]),
    retrieve=extend_schema(summary="One application with status, reference and exporter-visible evaluation",
                           responses={200: s.ApplicationSerializer, **ERRORS}, tags=["applications"]),
    create=extend_schema(summary="Create a draft application (every field optional until submission)",
                         request=s.ApplicationSerializer, responses={201: s.ApplicationSerializer, **ERRORS},
                         examples=[OpenApiExample("Individual licence", value=EXAMPLE, request_only=True)],
                         tags=["applications"]),
    partial_update=extend_schema(summary="Change a draft (lists replace the previous ones)",
                                 request=s.ApplicationSerializer,
                                 responses={200: s.ApplicationSerializer, **ERRORS, **CONFLICT},
                                 examples=[OpenApiExample("Set the destination", value={"destination": "JP"},
                                                          request_only=True)],
                                 tags=["applications"]),
    destroy=extend_schema(summary="Delete a draft", responses={204: None, **ERRORS, **CONFLICT},
                          tags=["applications"]),
)
class ApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsExporterPrincipal]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = s.ApplicationSerializer
    filterset_fields = ["status", "licence_type"]

    def get_queryset(self):
        return selectors.applications(self.request.user).select_related("latest_evaluation")

    def get_serializer_class(self):
        return s.ApplicationListSerializer if self.action == "list" else s.ApplicationSerializer

    def _app(self):
        return selectors.application(self.request.user, self.kwargs["pk"])

    def _detail(self, app, code=status.HTTP_200_OK):
        app = selectors.application(self.request.user, app.pk)
        return Response(s.ApplicationSerializer(app, context={"request": self.request}).data, status=code)

    def retrieve(self, request, pk=None):
        return self._detail(self._app())

    def create(self, request):
        serializer = s.ApplicationSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        org_id = selectors.organisation_id(request.user)
        app = service.create_draft(request.user, Organisation.objects.get(pk=org_id))
        _save(app, request.user, serializer.validated_data)
        return self._detail(app, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        app = self._app()
        if not app.is_draft:
            return _conflict(_("Only a draft can be changed; this application has been submitted."))
        serializer = s.ApplicationSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        _save(app, request.user, serializer.validated_data)
        return self._detail(app)

    def destroy(self, request, pk=None):
        app = self._app()
        if not app.is_draft:
            return _conflict(_("Only a draft can be deleted; withdraw a submitted application instead."))
        service.delete_draft(app, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Submit a draft: locks it, gives it a reference and evaluates it", request=None,
                   responses={200: s.ApplicationSerializer,
                              400: OpenApiResponse(description="Incomplete: every missing field and why"),
                              **{k: v for k, v in ERRORS.items() if k != 400}, **CONFLICT},
                   examples=[OpenApiExample("Incomplete", response_only=True, status_codes=["400"], value={
                       "documents": ["Upload the end-user statement: an individual licence requires one."]})],
                   tags=["applications"])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        app = self._app()
        try:
            service.submit(app, request.user)
        except service.ApplicationIncomplete as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        except workflow.TransitionError as exc:
            return _conflict(exc)
        return self._detail(app)

    @extend_schema(summary="Withdraw a submitted application", request=s.WithdrawSerializer,
                   responses={200: s.ApplicationSerializer, **ERRORS, **CONFLICT}, tags=["applications"])
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        app = self._app()
        serializer = s.WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            service.withdraw(app, request.user, serializer.validated_data["reason"])
        except workflow.TransitionError as exc:
            return _conflict(exc)
        return self._detail(app)

    @extend_schema(summary="Start a new draft as a copy of this application", request=None,
                   responses={201: s.ApplicationSerializer, **ERRORS}, tags=["applications"])
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        new = service.copy_application(self._app(), request.user)
        return self._detail(new, status.HTTP_201_CREATED)


class DocumentViewSet(viewsets.GenericViewSet):
    """/api/v1/applications/{application_pk}/documents/"""

    permission_classes = [IsExporterPrincipal]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = s.DocumentSerializer

    queryset = Document.objects.none()  # for the schema; requests use the scoped selectors

    def get_queryset(self):
        app = selectors.application(self.request.user, self.kwargs["application_pk"])
        return app.documents.all()

    @extend_schema(summary="Documents of an application", responses={200: s.DocumentSerializer(many=True), **ERRORS},
                   tags=["applications"])
    def list(self, request, application_pk=None):
        return Response(s.DocumentSerializer(self.get_queryset(), many=True).data)

    @extend_schema(summary="Upload a document to a draft (PDF, PNG, JPEG, DOCX, XLSX by content; size-limited)",
                   request={"multipart/form-data": s.DocumentUploadSerializer},
                   responses={201: s.DocumentSerializer, **ERRORS, **CONFLICT}, tags=["applications"])
    def create(self, request, application_pk=None):
        app = selectors.application(request.user, application_pk)
        if not app.is_draft:
            return _conflict(_("Documents can only be added to a draft or with a reply to a question."))
        serializer = s.DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            document = document_service.add_document(app, request.user, serializer.validated_data["file"],
                                                     kind=serializer.validated_data["kind"])
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download a document", responses={(200, "application/octet-stream"): bytes, **ERRORS},
                   tags=["applications"])
    def retrieve(self, request, application_pk=None, pk=None):
        document = selectors.document(request.user, application_pk, pk)
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)

    @extend_schema(summary="Remove a document from a draft", responses={204: None, **ERRORS, **CONFLICT},
                   tags=["applications"])
    def destroy(self, request, application_pk=None, pk=None):
        document = selectors.document(request.user, application_pk, pk)
        try:
            document_service.remove_document(document, request.user)
        except DjangoValidationError as exc:
            return _conflict(exc.messages[0])
        return Response(status=status.HTTP_204_NO_CONTENT)


class InformationRequestViewSet(viewsets.GenericViewSet):
    """/api/v1/applications/{application_pk}/information-requests/"""

    permission_classes = [IsExporterPrincipal]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = s.InformationRequestSerializer
    queryset = InformationRequest.objects.none()  # for the schema; requests use the scoped selectors

    @extend_schema(summary="Questions the licensing officer asked about an application",
                   responses={200: s.InformationRequestSerializer(many=True), **ERRORS}, tags=["applications"])
    def list(self, request, application_pk=None):
        app = selectors.application(request.user, application_pk)
        return Response(s.InformationRequestSerializer(app.information_requests.all(), many=True).data)

    @extend_schema(summary="Answer a question with text and documents",
                   request={"multipart/form-data": s.InformationReplySerializer,
                            "application/json": s.InformationReplySerializer},
                   responses={200: s.InformationRequestSerializer, **ERRORS, **CONFLICT}, tags=["applications"])
    @action(detail=True, methods=["post"])
    def reply(self, request, application_pk=None, pk=None):
        info_request = selectors.information_request(request.user, application_pk, pk)
        data = request.data
        if hasattr(data, "getlist"):  # multipart: several files under one name
            data = {"reply": data.get("reply", ""), "files": request.FILES.getlist("files")}
        serializer = s.InformationReplySerializer(data=data)
        serializer.is_valid(raise_exception=True)
        try:
            service.answer_information_request(info_request, request.user, serializer.validated_data["reply"],
                                               serializer.validated_data["files"])
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError(exc.message_dict) from exc
            return _conflict(exc.messages[0])
        info_request.refresh_from_db()
        return Response(s.InformationRequestSerializer(info_request).data)
