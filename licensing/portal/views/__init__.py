"""Exporter portal pages, one module per area; every query goes through licensing.portal.selectors."""

from .api_access import api_access, api_access_revoke
from .applications import (
    application_copy,
    application_delete,
    application_detail,
    application_list,
    application_new,
    application_submit,
    application_withdraw,
    document_delete,
    document_download,
    information_reply,
    objection_new,
)
from .catalogue import (
    annex_search,
    dashboard,
    gea_list,
    gea_new,
    issued_document_download,
    licence_amend,
    licence_detail,
    licence_list,
    product_archive,
    product_form,
    product_list,
)
from .organisation import icp_upload, invitation_accept, invitation_create, organisation
from .wizard import application_step

__all__ = [
    "api_access", "api_access_revoke",
    "annex_search", "application_copy", "application_delete", "application_detail", "application_list",
    "application_new", "application_step", "application_submit", "application_withdraw", "dashboard",
    "document_delete", "document_download", "gea_list", "gea_new", "icp_upload", "information_reply",
    "invitation_accept", "invitation_create", "issued_document_download", "licence_amend", "licence_detail",
    "licence_list", "objection_new", "organisation", "product_archive", "product_form", "product_list",
]
