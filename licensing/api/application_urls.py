"""Routes of the exporter applications API (included from licensing/api/urls.py)."""

from django.urls import path

from .applications import ApplicationViewSet, DocumentViewSet, InformationRequestViewSet

app_list = ApplicationViewSet.as_view({"get": "list", "post": "create"})
app_detail = ApplicationViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"})

urlpatterns = [
    path("applications/", app_list, name="api-applications"),
    path("applications/<int:pk>/", app_detail, name="api-application"),
    path("applications/<int:pk>/submit/", ApplicationViewSet.as_view({"post": "submit"}),
         name="api-application-submit"),
    path("applications/<int:pk>/withdraw/", ApplicationViewSet.as_view({"post": "withdraw"}),
         name="api-application-withdraw"),
    path("applications/<int:pk>/copy/", ApplicationViewSet.as_view({"post": "copy"}), name="api-application-copy"),
    path("applications/<int:application_pk>/documents/",
         DocumentViewSet.as_view({"get": "list", "post": "create"}), name="api-application-documents"),
    path("applications/<int:application_pk>/documents/<int:pk>/",
         DocumentViewSet.as_view({"get": "retrieve", "delete": "destroy"}), name="api-application-document"),
    path("applications/<int:application_pk>/information-requests/",
         InformationRequestViewSet.as_view({"get": "list"}), name="api-application-information-requests"),
    path("applications/<int:application_pk>/information-requests/<int:pk>/reply/",
         InformationRequestViewSet.as_view({"post": "reply"}), name="api-application-information-reply"),
]
