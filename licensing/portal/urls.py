from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("applications/", views.application_list, name="applications"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/<slug:step>/", views.application_step, name="application_step"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/copy/", views.application_copy, name="application_copy"),
    path("applications/<int:pk>/delete/", views.application_delete, name="application_delete"),
    path("applications/<int:pk>/objection/", views.objection_new, name="objection_new"),
    path("applications/<int:pk>/documents/<int:document_pk>/", views.document_download, name="document_download"),
    path("applications/<int:pk>/documents/<int:document_pk>/delete/", views.document_delete,
         name="document_delete"),
    path("applications/<int:pk>/questions/<int:request_pk>/reply/", views.information_reply,
         name="information_reply"),
    path("annex-i/", views.annex_search, name="annex_search"),
    path("products/", views.product_list, name="products"),
    path("products/new/", views.product_form, name="product_new"),
    path("products/<int:pk>/", views.product_form, name="product_edit"),
    path("products/<int:pk>/archive/", views.product_archive, name="product_archive"),
    path("licences/", views.licence_list, name="licences"),
    path("licences/<int:pk>/", views.licence_detail, name="licence_detail"),
    path("licences/<int:pk>/amend/", views.licence_amend, name="licence_amend"),
    path("issued/<int:pk>/", views.issued_document_download, name="issued_document"),
    path("general-authorisations/", views.gea_list, name="gea_registrations"),
    path("general-authorisations/new/", views.gea_new, name="gea_new"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/icp/", views.icp_upload, name="icp_upload"),
    path("organisation/invitations/", views.invitation_create, name="invitation_create"),
    path("organisation/api/", views.api_access, name="api_access"),
    path("organisation/api/<int:pk>/revoke/", views.api_access_revoke, name="api_access_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
