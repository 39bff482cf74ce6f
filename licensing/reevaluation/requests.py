"""Evaluation requests for a chunk of applications, built from plain rows in three queries.

`licensing.services.evaluation.application_request()` builds the same body from one Application
instance; here the rows of a whole chunk are read with `values_list` in three queries (no model
instances, no per-case queries), which is several times cheaper for 100,000 cases. tests/background check both agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from licensing.models import ApplicationItem, Party, PartyRole

APP_FIELDS = (
    "id", "export_type", "intra_group", "destination", "end_use", "declaration_wmd", "declaration_military_end_use",
    "declaration_internal_repression", "licence_requirement_notified", "recommendation", "latest_evaluation_id",
    "flagged_reason", "cyber_surveillance", "organisation__has_icp", "latest_evaluation__response",
)


@dataclass
class CaseRow:
    id: int
    body: dict
    recommendation: str
    flagged_reason: str
    cyber_surveillance: bool
    latest_evaluation_id: int | None
    stored: dict | None  # the latest stored evaluation's response


def application_rows(queryset, as_of) -> list[CaseRow]:
    apps = [dict(zip(APP_FIELDS, row, strict=True)) for row in queryset.order_by("id").values_list(*APP_FIELDS)]
    if not apps:
        return []
    ids = [a["id"] for a in apps]
    items: dict[int, list] = {}
    for app_id, desc, entry, officer_entry, classified, cyber, qty, value in (
        ApplicationItem.objects.filter(application_id__in=ids)
        .order_by("application_id", "position", "id")
        .values_list("application_id", "description", "control_entry", "officer_control_entry", "officer_classified",
                     "cyber_surveillance", "quantity", "value_eur")
    ):
        items.setdefault(app_id, []).append({
            "description": desc,
            "control_entry": (officer_entry if classified else entry) or None,
            "cyber_surveillance": cyber,
            "quantity": float(qty),
            "value_eur": float(value),
        })
    parties: dict[int, list] = {}
    for app_id, role, name, country, kind in (
        Party.objects.filter(application_id__in=ids)
        .order_by("role", "id")
        .values_list("application_id", "role", "name", "country", "type")
    ):
        parties.setdefault(app_id, []).append((role, name, country, kind))
    return [_row(a, items.get(a["id"], []), parties.get(a["id"], []), as_of) for a in apps]


def _row(app: dict, items: list, parties: list, as_of) -> CaseRow:
    end_user = next((p for p in parties if p[0] == PartyRole.END_USER), None)
    body = {
        "as_of": as_of.isoformat(),
        "export_type": app["export_type"],
        "exporter": {"member_state": "NL", "has_icp": app["organisation__has_icp"], "intra_group": app["intra_group"]},
        "destination": app["destination"],
        "end_user": {
            "name": end_user[1] if end_user else "",
            "country": end_user[2] if end_user else app["destination"],
            "type": end_user[3] if end_user else "unknown",
        },
        "end_use": app["end_use"],
        "items": items,
        "declarations": {
            "wmd": app["declaration_wmd"],
            "military_end_use": app["declaration_military_end_use"],
            "internal_repression": app["declaration_internal_repression"],
        },
        "licence_requirement_notified": app["licence_requirement_notified"],
    }
    consignees = [p[1] for p in parties if p[0] == PartyRole.CONSIGNEE]
    if consignees:
        body["consignees"] = consignees
    return CaseRow(app["id"], body, app["recommendation"], app["flagged_reason"], app["cyber_surveillance"],
                   app["latest_evaluation_id"], app["latest_evaluation__response"])
