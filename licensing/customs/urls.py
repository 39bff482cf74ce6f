from django.urls import path

from .views import LicenceCheckView, UsageCreateView, UsageReverseView

urlpatterns = [
    path("licences/<str:number>/", LicenceCheckView.as_view(), name="customs-licence"),
    path("licences/<str:number>/usages/", UsageCreateView.as_view(), name="customs-usages"),
    path("usages/<int:usage_id>/reverse/", UsageReverseView.as_view(), name="customs-usage-reverse"),
]
