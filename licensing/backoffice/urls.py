from django.urls import include, path, re_path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("reevaluation/", include("licensing.reevaluation.urls")),
    path("", views.dashboard, name="dashboard"),
    path("queues/", views.queue_list, name="queues"),
    path("cases/", views.case_search, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/notes/", views.case_note, name="case_note"),
    path("cases/<int:pk>/flag/clear/", views.case_flag_clear, name="case_flag_clear"),
    path("cases/<int:pk>/items/<int:item_pk>/classify/", views.item_reclassify, name="item_reclassify"),
    path("cases/<int:pk>/information/", views.case_information, name="case_information"),
    path("cases/<int:pk>/consultations/", views.case_consultation, name="case_consultation"),
    path("cases/<int:pk>/decide/", views.case_decide, name="case_decide"),
    path("cases/<int:pk>/documents/<int:doc_pk>/", views.document_view, name="document_view"),
    path("consultations/<int:pk>/reply/", views.consultation_reply, name="consultation_reply"),
    path("decisions/<int:pk>/countersign/", views.decision_countersign, name="decision_countersign"),
    path("issued/<int:pk>/", views.issued_document, name="issued_document"),
    path("licences/", views.licence_list, name="licences"),
    path("licences/<int:pk>/", views.licence_detail, name="licence_detail"),
    path("licences/<int:pk>/status/", views.licence_status, name="licence_status"),
    path("licences/<int:pk>/amend/", views.licence_amend, name="licence_amend"),
    path("audit/", views.audit_log, name="audit"),
    path("verify/", views.verify_document, name="verify_document"),
    re_path(r"^denials/export\.(?P<fmt>csv|json)$", views.denial_export, name="denial_export"),
]
