from django.urls import path

from . import views

app_name = "humanrights"

urlpatterns = [
    path("countries/", views.countries, name="countries"),
    path("countries/<str:iso2>/", views.country_detail, name="country_detail"),
    path("countries/<str:iso2>/measures/new/", views.CountryMeasureCreate.as_view(), name="measure_create"),
    path("countries/<str:iso2>/measures/<int:pk>/edit/", views.CountryMeasureEdit.as_view(), name="measure_edit"),
    path("countries/<str:iso2>/concerns/new/", views.CountryConcernCreate.as_view(), name="concern_create"),
    path("countries/<str:iso2>/concerns/<int:pk>/edit/", views.CountryConcernEdit.as_view(), name="concern_edit"),
    path("end-users/", views.end_user_concerns, name="end_user_concerns"),
    path("end-users/new/", views.EndUserConcernCreate.as_view(), name="end_user_concern_create"),
    path("end-users/<int:pk>/edit/", views.EndUserConcernEdit.as_view(), name="end_user_concern_edit"),
    path("denials/", views.denials, name="denials"),
    path("denials/new/", views.DenialCreate.as_view(), name="denial_create"),
    path("denials/import/", views.denial_import, name="denial_import"),
    path("denials/<int:pk>/edit/", views.DenialEdit.as_view(), name="denial_edit"),
    path("lists/", views.lists, name="lists"),
    path("lists/import/", views.list_import, name="list_import"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("applications/<int:application_id>/hits/", views.application_hits, name="application_hits"),
    path("hits/<int:pk>/decide/", views.hit_decide, name="hit_decide"),
]
