"""The audit trail (read-only) and the export of our Art. 16 denial notifications."""

import csv
import json

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from licensing.access import officer_required
from licensing.models import AuditEvent, IssuedDocument
from licensing.pdf import read_verified
from licensing.services import audit

DENIAL_FIELDS = ("reference", "member_state", "denied_on", "review_due_on", "destination", "end_user",
                 "end_user_country", "consignee", "control_entries", "item_description", "end_use", "reason")


@officer_required
def verify_document(request):
    """Look up an issued document by its verification code (as printed on it) and check its stored hash."""
    code = request.GET.get("code", "").strip().upper()
    doc, intact = None, None
    if code:
        doc = IssuedDocument.objects.select_related("application", "licence", "issued_by").filter(
            verification_code=code).first()
        if doc:
            try:
                read_verified(doc)
                intact = True
            except (ValueError, OSError):
                intact = False
    return render(request, "backoffice/verify_document.html", {"code": code, "doc": doc, "intact": intact})


@officer_required
def audit_log(request):
    qs = AuditEvent.objects.select_related("application").order_by("-id")
    reference = request.GET.get("reference", "").strip()
    action = request.GET.get("action", "").strip()
    if reference:
        qs = qs.filter(application__reference__iexact=reference)
    if action:
        qs = qs.filter(action__startswith=action)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    chain = None
    if request.GET.get("verify"):
        intact, checked, broken = audit.verify_chain()
        chain = {"intact": intact, "checked": checked, "broken": broken}
    return render(request, "backoffice/audit.html", {
        "page_obj": page, "events": page.object_list, "reference": reference, "action": action, "chain": chain,
    })


def _denials():
    from humanrights.models import Denial

    return Denial.objects.filter(origin="own").order_by("-denied_on", "reference")


def _row(denial) -> dict:
    row = {f: getattr(denial, f) for f in DENIAL_FIELDS}
    for f in ("denied_on", "review_due_on"):
        row[f] = row[f].isoformat() if row[f] else None
    return row


@officer_required
def denial_export(request, fmt):
    rows = [_row(d) for d in _denials()]
    if fmt == "json":
        response = JsonResponse({"denials": rows}, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="denials.json"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="denials.csv"'
    writer = csv.DictWriter(response, fieldnames=DENIAL_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "control_entries": json.dumps(row["control_entries"])})
    return response
