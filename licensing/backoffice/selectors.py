"""Read queries for the back office. The queue is one query per page whatever the number of cases
(joins and correlated subqueries instead of per-row lookups), plus one prefetch for the SLA clock."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from licensing.models import (
    Application,
    ApplicationItem,
    AuditEvent,
    Consultation,
    Decision,
    InformationRequest,
    Party,
    PartyRole,
    Status,
)
from licensing.models.applications import OPEN_STATUSES
from licensing.services.deadlines import service_level_due

QUEUES = ("new", "mine", "team", "information", "countersignature", "consultation", "all")
SORTS = {
    "oldest": ("submitted_at", "id"),
    "newest": ("-submitted_at", "-id"),
    "reference": ("reference",),
    "destination": ("destination", "submitted_at"),
    "recommendation": ("recommendation", "submitted_at"),
    "consultation_due": ("next_consultation_due", "submitted_at"),
}


def _open_consultations():
    return Consultation.objects.filter(application=OuterRef("pk"), replied_at__isnull=True)


def queue(user, name: str = "new", *, destination: str = "", control_entry: str = "", cyber: str = "",
          recommendation: str = "", min_age_days: int | None = None, q: str = "", status: str = "",
          sort: str = "oldest", flagged: bool = False):
    qs = Application.objects.exclude(status=Status.DRAFT)
    if name == "new":
        qs = qs.filter(status=Status.SUBMITTED)
    elif name == "mine":
        qs = qs.filter(status__in=OPEN_STATUSES, assigned_to=user)
    elif name == "team":
        qs = qs.filter(status__in=OPEN_STATUSES).filter(Q(team=user.team) | Q(assigned_to__team=user.team)) \
            if user.team else qs.none()
    elif name == "information":
        qs = qs.filter(status=Status.INFORMATION_REQUESTED)
    elif name == "countersignature":
        qs = qs.filter(status=Status.AWAITING_COUNTERSIGNATURE)
    elif name == "consultation":
        qs = qs.filter(status__in=OPEN_STATUSES).filter(Exists(_open_consultations()))
    if status:
        qs = qs.filter(status=status)
    if destination:
        qs = qs.filter(destination=destination.upper())
    if control_entry:
        entry = control_entry.strip()
        items = ApplicationItem.objects.filter(application=OuterRef("pk")).filter(
            Q(officer_classified=False, control_entry__istartswith=entry)
            | Q(officer_classified=True, officer_control_entry__istartswith=entry)
        )
        qs = qs.filter(Exists(items))
    if cyber in ("yes", "no"):
        qs = qs.filter(cyber_surveillance=(cyber == "yes"))
    if recommendation:
        qs = qs.filter(recommendation=recommendation)
    if flagged:  # flagged by a re-evaluation after a list or register change, not yet cleared by an officer
        qs = qs.exclude(flagged_reason="")
    if min_age_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - timedelta(days=min_age_days))
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(organisation__name__icontains=q) | Q(title__icontains=q))
    if sort == "consultation_due":
        qs = qs.annotate(next_consultation_due=Subquery(_open_consultations().order_by("due_on").values("due_on")[:1]))
    return qs.order_by(*SORTS.get(sort, SORTS["oldest"]))


def queue_rows(ids: list[int]) -> list[Application]:
    """The rows of one queue page, in the order of `ids`, with what the table shows: one query (plus one
    prefetch), whatever the queue's size. Paging first and annotating only the page's rows keeps deep pages
    as fast as the first (PostgreSQL would otherwise compute the subqueries for every skipped row)."""
    end_user = Party.objects.filter(application=OuterRef("pk"), role=PartyRole.END_USER).values("name")[:1]
    next_due = _open_consultations().order_by("due_on").values("due_on")[:1]
    info_due = InformationRequest.objects.filter(
        application=OuterRef("pk"), replied_at__isnull=True).order_by("due_on").values("due_on")[:1]
    pending = Decision.objects.filter(application=OuterRef("pk"), effective=False, countersign_rejected=False)
    rows = Application.objects.filter(pk__in=ids).select_related("organisation", "assigned_to").annotate(
        end_user_name=Subquery(end_user), next_consultation_due=Subquery(next_due),
        information_due=Subquery(info_due), pending_outcome=Subquery(pending.values("outcome")[:1]),
        pending_by=Subquery(pending.values("decided_by__email")[:1]),
    ).prefetch_related(
        Prefetch("information_requests", queryset=InformationRequest.objects.only(
            "id", "application_id", "asked_at", "replied_at", "due_on"))
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def with_deadlines(rows):
    """Attach the service-level due date (clock stopped while the exporter owes an answer)."""
    today = timezone.localdate()
    for app in rows:
        app.sla_due = service_level_due(app.submitted_at, app.information_requests.all(), today=today) \
            if app.status in OPEN_STATUSES else None
        app.sla_overdue = bool(app.sla_due and app.sla_due < today)
        app.age_days = (timezone.now() - app.submitted_at).days if app.submitted_at else None
    return rows


def queue_counts(user) -> dict[str, int]:
    return {name: queue(user, name).count() for name in QUEUES if name != "all"}


def case(pk: int) -> Application:
    qs = Application.objects.exclude(status=Status.DRAFT).select_related(
        "organisation", "assigned_to", "latest_evaluation", "created_by"
    ).prefetch_related(
        "items__product", "parties", "documents", "notes__author", "information_requests__asked_by",
        "consultations", Prefetch("decisions", queryset=Decision.objects.select_related(
            "decided_by", "countersigned_by").order_by("-decided_at")),
        "licences", "issued_documents",
    )
    return get_object_or_404(qs, pk=pk)


def timeline(app: Application):
    return AuditEvent.objects.filter(application=app).select_related("actor").order_by("-id")[:200]


def history(app: Application) -> dict:
    end_user = app.end_user
    base = Application.objects.exclude(status=Status.DRAFT).exclude(pk=app.pk).select_related("organisation")
    by_exporter = list(base.filter(organisation=app.organisation).order_by("-submitted_at")[:10])
    by_end_user = []
    if end_user:
        by_end_user = list(base.filter(parties__role=PartyRole.END_USER, parties__name__iexact=end_user.name)
                           .order_by("-submitted_at")[:10])
    return {"by_exporter": by_exporter, "by_end_user": by_end_user}


def precedents(app: Application) -> dict:
    """Earlier classifications of the same product, and earlier decisions on similar items to the same
    destination."""
    items = list(app.items.all())
    product_q = Q()
    for item in items:
        if item.product_id:
            product_q |= Q(product_id=item.product_id)
        if item.part_number:
            product_q |= Q(application__organisation=app.organisation, part_number=item.part_number)
    classifications = []
    if product_q:
        classifications = list(
            ApplicationItem.objects.filter(product_q).exclude(application=app)
            .exclude(application__status=Status.DRAFT).select_related("application").order_by("-application__submitted_at")[:10]
        )
    entries = {i.effective_control_entry for i in items if i.effective_control_entry}
    similar = Q(application__items__cyber_surveillance=True) if any(i.cyber_surveillance for i in items) else Q(pk=None)
    for entry in entries:
        similar |= Q(application__items__control_entry__istartswith=entry.split(".")[0])
    decisions = list(
        Decision.objects.filter(effective=True, application__destination=app.destination).filter(similar)
        .exclude(application=app).select_related("application", "decided_by").distinct().order_by("-decided_at")[:10]
    )
    return {"classifications": classifications, "decisions": decisions}


def screening_hits(app: Application) -> dict[int, list]:
    """The humanrights app's current screening hits for this case's parties, by party id, when that model
    exists (optional: the back office works without it)."""
    from django.apps import apps

    try:
        model = apps.get_model("humanrights", "ScreeningHit")
    except LookupError:
        return {}
    by_party: dict[int, list] = {}
    try:
        for hit in model.objects.filter(party__application=app, current=True).order_by("-score")[:100]:
            by_party.setdefault(hit.party_id, []).append(hit)
    except Exception:  # noqa: BLE001 - another engineer's model may change shape; never break the case page
        return {}
    return by_party
