from django.urls import path

from .evaluations import EvaluationView

urlpatterns = [
    path("evaluations/", EvaluationView.as_view(), name="api-evaluations"),
]
