"""Writes to the human-rights registers. Every write bumps the reference-data counter so the rules
service reloads its snapshot."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from controllists import reference

from .models import (
    CountryConcern,
    CountryMeasure,
    Denial,
    DenialOrigin,
    Disposition,
    EndUserConcern,
    FalsePositive,
    RecordType,
    ScreeningEntry,
    ScreeningHit,
    ScreeningList,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def parse_date(text: str) -> date | None:
    """ISO dates; a bare year ("1991") means its first day (the source gives no more)."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) == 4 and text.isdigit():
        return date(int(text), 1, 1)
    return date.fromisoformat(text)


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(io.StringIO(fh.read())))


@transaction.atomic
def load_country_measures(path: Path = DATA_DIR / "country_measures.csv") -> int:
    n = 0
    for row in _rows(path):
        since = parse_date(row["since"])
        CountryMeasure.objects.update_or_create(
            country=row["country_iso2"].strip().upper(),
            measure=row["measure"].strip(),
            since=since,
            defaults={
                "country_name": row.get("country_name", ""),
                "scope": row.get("scope", "full") or "full",
                "legal_basis": row.get("legal_basis", ""),
                "since_text": row["since"].strip(),
                "source_url": row.get("source_url", "")[:500],
                "notes": row.get("notes", ""),
                "needs_check": "UNSURE" in (row.get("notes", "") + row.get("legal_basis", "")),
                "until": parse_date(row.get("until") or ""),  # e.g. a partial ban replaced by a full one
            },
        )
        n += 1
    reference.bump("country measures loaded")
    return n


@transaction.atomic
def load_country_concerns(path: Path = DATA_DIR / "human_rights_concerns.csv") -> int:
    n = 0
    for row in _rows(path):
        CountryConcern.objects.update_or_create(
            country=row["country_iso2"].strip().upper(),
            since=parse_date(row.get("since") or ""),
            defaults={
                "level": row["level"].strip(),
                "basis": row.get("basis", ""),
                "source": row.get("source", ""),
                "source_url": (row.get("source_url") or "")[:500],
            },
        )
        n += 1
    reference.bump("human-rights concerns loaded")
    return n


@transaction.atomic
def load_end_user_concerns(path: Path = DATA_DIR / "end_user_concerns.csv") -> int:
    n = 0
    for row in _rows(path):
        aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        EndUserConcern.objects.update_or_create(
            name=row["name"].strip(),
            country=row["country_iso2"].strip().upper(),
            defaults={
                "aliases": aliases,
                "basis": row.get("basis", ""),
                "source": row.get("source", ""),
                "source_url": (row.get("source_url") or "")[:500],
                "since": parse_date(row.get("since") or ""),
            },
        )
        n += 1
    reference.bump("end-user concerns loaded")
    return n


# --- officers' edits, imports and screening decisions -------------------------------------------


def schedule_rescreen() -> None:
    """After the transaction that changed a list or register commits, screen open applications again."""
    from .tasks import rescreen_open_applications

    transaction.on_commit(rescreen_open_applications.delay)


# Register records whose names parties are screened against (the others, country measures and
# concerns, change evaluations only).
_SCREENED = {EndUserConcern: RecordType.END_USER_CONCERN, Denial: RecordType.DENIAL}


def schedule_record_rescreen(obj) -> None:
    """After the transaction that changed a screened register record commits, screen again the parties
    of open applications it matches now or matched before."""
    from .tasks import rescreen_for_record

    record_type = _SCREENED.get(type(obj))
    if record_type:
        transaction.on_commit(lambda: rescreen_for_record.delay(record_type, obj.pk))


def _countries(obj, changes: dict) -> list[str]:
    """The countries a register record concerns, before and after the change."""
    fields = ("destination", "end_user_country") if isinstance(obj, Denial) else ("country",)
    found = {getattr(obj, f) for f in fields}
    found |= {changes[f][0] for f in fields if f in changes and isinstance(changes[f], list | tuple)}
    return sorted(c for c in found if isinstance(c, str) and c)


def start_reevaluation(obj, actor, *, changes: dict):
    """Re-evaluate the open cases of the countries a changed register record concerns (a job the workers
    start once the transaction commits)."""
    from licensing.models import ReevaluationTrigger
    from licensing.reevaluation.services import start_for_register_change

    countries = _countries(obj, changes)
    if not countries:
        return None
    trigger = (ReevaluationTrigger.COUNTRY_MEASURES if isinstance(obj, CountryMeasure)
               else ReevaluationTrigger.CONCERN_REGISTER)
    register = {CountryMeasure: _("Measure"), CountryConcern: _("Human-rights concern"),
                EndUserConcern: _("Registered end-user concern"), Denial: _("Denial")}.get(type(obj), type(obj).__name__)
    reason = _("%(register)s '%(record)s' changed") % {"register": register, "record": obj}
    return start_for_register_change(countries=countries, trigger=trigger, reason=reason, actor=actor)


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def form_changes(form) -> dict:
    """{field: [before, after]} for the fields an officer changed in a model form."""
    return {f: [_jsonable(form.initial.get(f)), _jsonable(form.cleaned_data.get(f))] for f in form.changed_data}


@transaction.atomic
def save_register_record(obj, actor, *, changes: dict, created: bool):
    """Save an officer's edit of a register record (country measure or concern, end-user concern,
    received denial): audited, the rules snapshot reloads, the open cases of its countries are
    re-evaluated and the parties it matches (now or before) are screened again."""
    from licensing.services import audit

    if hasattr(obj, "updated_by_id"):
        obj.updated_by = actor
    obj.save()
    kind = type(obj).__name__
    audit.record(actor, f"register.{kind}.{'created' if created else 'updated'}", obj, changes=changes)
    reference.bump(f"{kind} {obj.pk} edited")
    if created or changes:  # saved unchanged: no case can come out differently
        start_reevaluation(obj, actor, changes=changes)
        schedule_record_rescreen(obj)
    return obj


@transaction.atomic
def import_screening_list(name: str, fmt: str, source: str, records, actor=None, *, licence: str = "",
                          sha256: str = "") -> ScreeningList:
    """Replace the entries of a list with parsed records (all or nothing)."""
    from licensing.services import audit

    from . import indexing

    lst, created = ScreeningList.objects.select_for_update().get_or_create(
        name=name, defaults={"format": fmt, "source": source[:500]})
    indexing.clear_list(lst)
    entries = ScreeningEntry.objects.bulk_create(
        [ScreeningEntry(screening_list=lst, source_id=r.source_id, kind=r.kind, name=r.name[:500],
                        aliases=r.aliases, countries=r.countries, addresses=r.addresses, programme=r.programme[:200],
                        basis=r.basis, source_url=r.source_url[:500], listed_on=r.listed_on) for r in records],
        batch_size=2000,
    )
    indexing.index_entries(lst, entries)
    lst.format, lst.source, lst.sha256, lst.entry_count = fmt, source[:500], sha256, len(entries)
    lst.licence = licence or lst.licence
    lst.imported_at, lst.imported_by = timezone.now(), actor
    lst.save()
    audit.record(actor, "screening_list.imported", lst,
                 changes={"source": source, "format": fmt, "entries": len(entries), "sha256": sha256})
    reference.bump(f"screening list {name} imported")
    schedule_rescreen()
    return lst


@transaction.atomic
def import_denials(records: list[dict], actor=None, *, source: str = "") -> int:
    """Create or update received denials (all or nothing); our own refusals are never overwritten."""
    from licensing.services import audit

    from .importers import ImportFailed

    own = set(Denial.objects.filter(reference__in=[r["reference"] for r in records], origin=DenialOrigin.OWN)
              .values_list("reference", flat=True))
    if own:
        raise ImportFailed(f"reference(s) {', '.join(sorted(own))} are this authority's own denials")
    for r in records:
        Denial.objects.update_or_create(reference=r["reference"], defaults={**r, "origin": DenialOrigin.RECEIVED})
    audit.record(actor, "denials.imported", None,
                 changes={"source": source, "count": len(records), "references": [r["reference"] for r in records]})
    reference.bump(f"{len(records)} denials imported")
    countries = {c for r in records for c in (r.get("destination"), r.get("end_user_country")) if c}
    if countries:
        from licensing.models import ReevaluationTrigger
        from licensing.reevaluation.services import start_for_register_change

        start_for_register_change(countries=countries, trigger=ReevaluationTrigger.CONCERN_REGISTER, actor=actor,
                                  reason=_("%(count)s denials imported from %(source)s") % {
                                      "count": len(records), "source": source or "-"})
    schedule_rescreen()
    return len(records)


@transaction.atomic
def decide_hit(hit: ScreeningHit, disposition: str, actor, note: str = "") -> ScreeningHit:
    """An officer's disposition of a screening hit; a false positive is remembered for the name."""
    from licensing.services import audit

    from .matching import match_key

    if disposition not in (Disposition.TRUE_MATCH, Disposition.FALSE_POSITIVE):
        raise ValueError(f"disposition must be true_match or false_positive, not {disposition!r}")
    before = hit.disposition
    now = timezone.now()
    hit.disposition, hit.note, hit.decided_by, hit.decided_at = disposition, note, actor, now
    hit.save(update_fields=["disposition", "note", "decided_by", "decided_at"])
    memory = {"party_key": match_key(hit.party.name), "party_country": hit.party.country,
              "record_type": hit.record_type, "record_id": hit.record_id}
    if disposition == Disposition.FALSE_POSITIVE:
        FalsePositive.objects.update_or_create(**memory, defaults={"note": note, "decided_by": actor,
                                                                   "decided_at": now})
    else:
        FalsePositive.objects.filter(**memory).delete()
    audit.record(actor, "screening_hit.decided", hit, application=hit.party.application,
                 changes={"disposition": [before, disposition], "note": note, "record": hit.record_label,
                          "party": hit.party.name})
    return hit
