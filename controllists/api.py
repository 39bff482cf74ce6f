"""Public, read-only API for the control list (it is public law: no login needed)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import codes, selectors
from .serializers import EntryDetailSerializer, EntrySummarySerializer, VersionSerializer


def _version_or_404(ref):
    version = selectors.get_version(ref)
    if version is None:
        return None, Response({"version": [_("No control-list version '%(v)s'.") % {"v": ref}]},
                              status=status.HTTP_404_NOT_FOUND)
    return version, None


@extend_schema(tags=["control list"])
class VersionList(generics.ListAPIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = VersionSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.versions()


VERSION_PARAM = OpenApiParameter("version", OpenApiTypes.STR, description="Version id; default: the one in force today")


@extend_schema(tags=["control list"], parameters=[
    OpenApiParameter("search", OpenApiTypes.STR, description="A code (or code prefix) or words from the text"),
    VERSION_PARAM,
], responses={200: EntrySummarySerializer(many=True), 404: OpenApiResponse(description="Unknown version")})
class EntryList(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request):
        version, error = _version_or_404(request.query_params.get("version"))
        if error:
            return error
        q = request.query_params.get("search", "")
        if q:
            rows = selectors.search(version, q)
        else:
            rows = list(version.entries.filter(depth=0).select_related("version", "parent").order_by("position"))
        return Response(EntrySummarySerializer(rows, many=True).data)


@extend_schema(tags=["control list"], parameters=[VERSION_PARAM], responses={
    200: EntryDetailSerializer, 404: OpenApiResponse(description="Unknown code, with the nearest existing codes")})
class EntryDetail(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request, code):
        version, error = _version_or_404(request.query_params.get("version"))
        if error:
            return error
        normal = codes.try_normalise(code)
        item = selectors.entry(version, normal) if normal else None
        if item is None:
            return Response(
                {
                    "detail": _("'%(code)s' is not an Annex I entry in version %(version)s.")
                    % {"code": code, "version": version.version_id},
                    "suggestions": selectors.suggestions(version, code),
                },
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(EntryDetailSerializer(item).data)


@extend_schema(tags=["control list"], responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="Unknown version")})
class VersionDiff(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request, a, b):
        va, err = _version_or_404(a)
        if err:
            return err
        vb, err = _version_or_404(b)
        if err:
            return err
        changes = selectors.compare(va, vb, items=request.query_params.get("level") == "items")
        return Response({
            "from": va.version_id,
            "to": vb.version_id,
            "summary": {k: sum(1 for c in changes if c.change == k) for k in ("added", "removed", "changed")},
            "changes": [
                {"code": c.code, "change": c.change, "old_text": c.old_text, "new_text": c.new_text,
                 "diff": [{"op": op, "text": t} for op, t in c.diff] if c.change == "changed" else []}
                for c in changes
            ],
        })


