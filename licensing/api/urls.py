from django.urls import include, path

from .evaluations import EvaluationView
from .health import HealthView

urlpatterns = [
    path("evaluations/", EvaluationView.as_view(), name="api-evaluations"),
    path("health/", HealthView.as_view(), name="api-health"),
    path("customs/", include("licensing.customs.urls")),
    path("", include("licensing.api.application_urls")),
]
