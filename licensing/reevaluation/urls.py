from django.urls import path

from . import views

app_name = "reevaluation"
urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("start/", views.job_start, name="job_start"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress.json", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/report/", views.job_report, name="job_report"),
    path("versions/upload/", views.version_upload, name="version_upload"),
    path("versions/<int:pk>/", views.version_preview, name="version_preview"),
    path("versions/<int:pk>/schedule/", views.version_schedule, name="version_schedule"),
]
