"""Back-office pages for licensing officers, one module per area. Every view is officer-only (server side);
writes go through the services in licensing.services."""

from .audit import audit_log, denial_export, verify_document
from .cases import (
    case_assign,
    case_consultation,
    case_detail,
    case_information,
    case_note,
    consultation_reply,
    document_view,
    issued_document,
    item_reclassify,
)
from .decisions import case_decide, decision_countersign
from .flags import case_flag_clear
from .licences import licence_amend, licence_detail, licence_list, licence_status
from .queues import case_search, dashboard, queue_list

__all__ = [
    "audit_log", "case_assign", "case_consultation", "case_flag_clear", "case_decide", "case_detail", "case_information", "case_note",
    "case_search", "consultation_reply", "dashboard", "decision_countersign", "denial_export", "document_view",
    "issued_document", "item_reclassify", "licence_amend", "licence_detail", "licence_list", "licence_status",
    "queue_list", "verify_document",
]
