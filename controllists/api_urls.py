from django.urls import path

from . import api

urlpatterns = [
    path("control-list-versions/", api.VersionList.as_view(), name="api-control-list-versions"),
    path("control-list-versions/<str:a>/diff/<str:b>/", api.VersionDiff.as_view(), name="api-control-list-diff"),
    path("control-entries/", api.EntryList.as_view(), name="api-control-entries"),
    path("control-entries/<str:code>/", api.EntryDetail.as_view(), name="api-control-entry"),
]
