"""Writes on an exporter's application: drafts, submission, withdrawal, copies.

A draft is saved as it is typed (nothing is required until submission). `submit()` checks completeness
(every missing thing listed at once), gives the application its reference, moves it through the
workflow table, evaluates it, and after commit starts screening and the notification e-mail.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from controllists import codes
from controllists import selectors as cl_selectors
from licensing import workflow
from licensing.models import (
    Application,
    ApplicationItem,
    DocumentKind,
    LicenceType,
    Party,
    PartyRole,
    ReferenceCounter,
)

from . import audit, notifications
from .evaluation import evaluate_application

DRAFT_FIELDS = (
    "title", "licence_type", "export_type", "destination", "end_use", "declaration_wmd",
    "declaration_military_end_use", "declaration_internal_repression", "declarations_confirmed",
    "intra_group", "large_project",
)
ITEM_FIELDS = ("description", "part_number", "control_entry", "cyber_surveillance", "quantity", "value_eur", "product")
PARTY_FIELDS = ("role", "name", "address", "country", "type", "website")


class ApplicationIncomplete(Exception):
    """Submission refused: `errors` maps each field (e.g. "items", "documents") to the reasons."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("application incomplete")
        self.errors = errors


# ---------------------------------------------------------------- validation helpers

def clean_control_entry(raw: str | None) -> str:
    """Normalise a self-classification; "" means "not listed". Raises ValidationError naming the reason."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    code = codes.try_normalise(raw)
    version = cl_selectors.version_in_force()
    if code is None:
        raise ValidationError(_("'%(value)s' is not an Annex I code (e.g. 5A002 or 5A001.j).") % {"value": raw})
    if version is not None and cl_selectors.entry(version, code) is None:
        hints = cl_selectors.suggestions(version, raw)
        message = _("'%(value)s' is not an Annex I entry in version %(version)s.") % {
            "value": raw, "version": version.version_id}
        if hints:
            message += " " + _("Did you mean %(hints)s?") % {"hints": ", ".join(hints)}
        raise ValidationError(message)
    return code


# ---------------------------------------------------------------- drafts

def _record(actor, action: str, app: Application, changes: dict) -> None:
    """Audit a draft change. Drafts may be deleted, so the event names the application in `changes`
    rather than through the (protected) foreign key."""
    audit.record(actor, action, app, changes={**changes, "application": app.pk})


def _user_or_none(actor):
    """The signed-in person behind an action (None for an organisation's API client)."""
    return actor if getattr(actor, "is_exporter", False) else None


def _require_draft(app: Application) -> None:
    if not app.is_draft:
        raise ValidationError(_("Only a draft can be changed; this application has been submitted."))


def create_draft(actor, organisation, **fields) -> Application:
    user = _user_or_none(actor)
    data = {k: v for k, v in fields.items() if k in DRAFT_FIELDS or k in ("copied_from", "amends_licence")}
    with transaction.atomic():
        app = Application.objects.create(organisation=organisation, created_by=user, **data)
        _record(actor, "application.create", app, {"licence_type": app.licence_type})
    return app


def update_draft(app: Application, actor, **fields) -> Application:
    _require_draft(app)
    changed = {}
    for name in DRAFT_FIELDS:
        if name in fields and getattr(app, name) != fields[name]:
            changed[name] = [str(getattr(app, name)), str(fields[name])]
            setattr(app, name, fields[name])
    if changed:
        with transaction.atomic():
            app.save()
            _record(actor, "application.update", app, changed)
    return app


def replace_items(app: Application, actor, items: list[dict]) -> None:
    """Replace the goods of a draft with `items` (dicts with ITEM_FIELDS)."""
    _require_draft(app)
    with transaction.atomic():
        app.items.all().delete()
        ApplicationItem.objects.bulk_create([
            ApplicationItem(
                application=app, position=i,
                description=item.get("description") or "",
                part_number=item.get("part_number") or "",
                control_entry=item.get("control_entry") or "",
                cyber_surveillance=bool(item.get("cyber_surveillance")),
                quantity=item.get("quantity") if item.get("quantity") is not None else Decimal(0),
                value_eur=item.get("value_eur") if item.get("value_eur") is not None else Decimal(0),
                product=item.get("product"),
            )
            for i, item in enumerate(items)
        ])
        _record(actor, "application.items", app, {"items": len(items)})


def replace_parties(app: Application, actor, parties: list[dict], *, roles: tuple[str, ...] | None = None) -> None:
    """Replace the parties of a draft (only those with `roles`, when given)."""
    _require_draft(app)
    with transaction.atomic():
        existing = app.parties.all()
        if roles is not None:
            existing = existing.filter(role__in=roles)
        existing.delete()
        Party.objects.bulk_create([
            Party(application=app, **{k: (p.get(k) or "") for k in PARTY_FIELDS if k != "type"},
                  type=p.get("type") or "unknown")
            for p in parties
        ])
        _record(actor, "application.parties", app, {"parties": len(parties)})


def delete_draft(app: Application, actor) -> None:
    _require_draft(app)
    with transaction.atomic():
        _record(actor, "application.delete", app, {})
        for document in app.documents.all():
            name, storage = document.file.name, document.file.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))
        app.delete()


def copy_application(app: Application, actor) -> Application:
    """A new draft with the same transaction (goods, parties, end use); documents and declarations are
    not copied: they must be confirmed again for the new transaction."""
    fields = {name: getattr(app, name) for name in DRAFT_FIELDS if name != "declarations_confirmed"}
    fields["title"] = (_("Copy of %(title)s") % {"title": app.title or app.reference or app.pk})[:200]
    with transaction.atomic():
        new = create_draft(actor, app.organisation, copied_from=app, **fields)
        replace_items(new, actor, [{k: getattr(i, k) for k in ITEM_FIELDS} for i in app.items.all()])
        replace_parties(new, actor, [{k: getattr(p, k) for k in PARTY_FIELDS} for p in app.parties.all()])
    return new


# ---------------------------------------------------------------- submission

def missing_for_submission(app: Application) -> dict[str, list[str]]:
    """Everything that must still be provided before `app` can be submitted (empty when complete)."""
    from licensing.rules.service import EvaluationInvalid, evaluate_request

    from .evaluation import application_request

    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    classification = app.licence_type == LicenceType.CLASSIFICATION
    items = list(app.items.all())
    parties = list(app.parties.all())
    kinds = set(app.documents.values_list("kind", flat=True))
    if not items:
        add("items", _("Add at least one item."))
    for n, item in enumerate(items, start=1):
        if not item.description.strip():
            add("items", _("Item %(n)s: give a description.") % {"n": n})
        if not classification and item.quantity <= 0:
            add("items", _("Item %(n)s: give a quantity greater than zero.") % {"n": n})
    if app.licence_type == LicenceType.NOTIFICATION and any(i.control_entry for i in items):
        add("items", _("A notification is for non-listed items only; apply for a licence for listed items."))
    if not classification:
        if not app.destination:
            add("destination", _("Give the country of final destination."))
        if not any(p.role == PartyRole.END_USER for p in parties):
            add("end_user", _("Give the end user (name, country and type)."))
        if not app.end_use.strip():
            add("end_use", _("Describe the end use of the goods."))
        if not app.declarations_confirmed:
            add("declarations", _("Confirm the declarations."))
    if app.licence_type == LicenceType.INDIVIDUAL and DocumentKind.END_USER_STATEMENT not in kinds:
        add("documents", _("Upload the end-user statement: an individual licence requires one."))
    if classification and DocumentKind.TECHNICAL_SPECIFICATION not in kinds:
        add("documents", _("Upload the technical specifications of the item to be classified."))
    if app.licence_type == LicenceType.GLOBAL and not app.organisation.has_icp:
        add("licence_type", _("A global licence requires an internal compliance programme (ICP); record it "
                              "on the organisation page first."))
    if not errors and not classification:
        try:
            evaluate_request(application_request(app, officer_view=False), audience="exporter")
        except EvaluationInvalid as exc:
            for field, messages in exc.errors.items():
                for message in _flatten(messages):
                    add(field, message)
    return errors


def _flatten(messages) -> list[str]:
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, dict):
        return [f"{k}: {m}" for k, v in messages.items() for m in _flatten(v)]
    return [m for v in messages for m in _flatten(v)]


def next_reference(series: str = "DU") -> str:
    """The next reference of the series for this year, e.g. DU-2026-000123 (row-locked counter)."""
    year = timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(series=series, year=year)
        counter = ReferenceCounter.objects.select_for_update().get(series=series, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{series}-{year}-{counter.last:06d}"


def submit(app: Application, actor, *, notify: bool = True) -> Application:
    """Lock, reference, evaluate, then (after commit) screen and notify. Raises ApplicationIncomplete
    listing everything missing, or workflow.TransitionError if it is no longer a draft."""
    from humanrights.tasks import screen_application

    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=app.pk)
        if not app.is_draft:
            raise workflow.TransitionError(_("This application has already been submitted."))
        missing = missing_for_submission(app)
        if missing:
            raise ApplicationIncomplete(missing)
        workflow.transition(app, "submit", actor, reference=next_reference(), submitted_at=timezone.now())
        evaluate_application(app, trigger="submission", actor=_user_or_none(actor))
        app_id = app.pk
        transaction.on_commit(lambda: screen_application.delay(app_id))
        if notify:
            notifications.notify(app, "submitted")
    return app


def withdraw(app: Application, actor, reason: str = "") -> Application:
    workflow.transition(app, "withdraw", actor, detail={"reason": reason} if reason else None)
    notifications.notify(app, "withdrawn")
    return app


def answer_information_request(info_request, actor, reply: str, uploads=()) -> None:
    """The exporter's answer (text and documents) to an officer's question; when no other question is
    open the case returns to review."""
    from licensing.models import Status

    from .documents import add_document, check_upload

    app = info_request.application
    if info_request.replied_at is not None:
        raise ValidationError(_("This question has already been answered."))
    if app.status != Status.INFORMATION_REQUESTED:
        raise ValidationError(_("This application is not waiting for information."))
    if not reply.strip():
        raise ValidationError({"reply": [_("Write your answer.")]})
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    with transaction.atomic():
        info_request.reply = reply.strip()
        info_request.replied_by = _user_or_none(actor)
        info_request.replied_at = timezone.now()
        info_request.save(update_fields=["reply", "replied_by", "replied_at"])
        for upload in uploads:
            add_document(app, actor, upload, kind=DocumentKind.INFORMATION_REPLY, information_request=info_request)
        audit.record(actor, "information_request.reply", info_request, application=app,
                     changes={"documents": len(uploads)})
        if not app.information_requests.filter(replied_at__isnull=True).exists():
            workflow.transition(app, "answer_information", actor, detail={"information_request": info_request.pk})
