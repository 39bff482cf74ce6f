"""Builds the rules snapshot from the database and keeps it in memory.

The snapshot is rebuilt when the reference-data counter (controllists.ReferenceDataState) changes;
each process checks the counter at most once per `CHECK_INTERVAL` seconds, so an officer's edit
reaches every worker within a second without a query per evaluation.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

from .gea_parsing import general_authorisations_from_ugea
from .snapshot import CountryConcern, CountryMeasure, Denial, EndUserConcern, ListVersion, Snapshot

CHECK_INTERVAL = 1.0

_lock = threading.Lock()
_state: dict = {"snapshot": None, "counter": None, "checked": 0.0}


def invalidate() -> None:
    with _lock:
        _state.update(snapshot=None, counter=None, checked=0.0)


def get_snapshot() -> Snapshot:
    from controllists import reference

    now = time.monotonic()
    snap = _state["snapshot"]
    if snap is not None and now - _state["checked"] < CHECK_INTERVAL:
        return snap
    counter = reference.current()
    with _lock:
        if _state["snapshot"] is None or _state["counter"] != counter:
            _state["snapshot"] = build_snapshot(stamp=str(counter))
            _state["counter"] = counter
        _state["checked"] = now
        return _state["snapshot"]


def build_snapshot(stamp: str = "") -> Snapshot:
    from controllists.models import ControlEntry, ControlListVersion, GeneralAuthorisation, VersionStatus
    from humanrights import models as hr

    versions = []
    for v in ControlListVersion.objects.exclude(status=VersionStatus.DRAFT).order_by("valid_from"):
        rows = list(ControlEntry.objects.filter(version=v).values_list("code", "text", "annex_iv", "section_i"))
        geas = [g.data for g in GeneralAuthorisation.objects.filter(version=v).order_by("code")]
        versions.append(
            ListVersion(
                version_id=v.version_id,
                valid_from=v.valid_from,
                codes=frozenset(r[0] for r in rows),
                titles={r[0]: r[1] for r in rows},
                annex_iv=frozenset(r[0] for r in rows if r[2]),
                section_i=frozenset(r[0] for r in rows if r[3] and not r[2]),
                general_authorisations=general_authorisations_from_ugea({"geas": geas}),
                source_url=v.source_url,
            )
        )
    measures = tuple(
        CountryMeasure(
            country=m.country,
            measure=m.measure,
            scope=m.scope,
            legal_basis=m.legal_basis,
            since=m.since,
            until=m.until,
            source_url=m.source_url,
            notes=m.notes,
            needs_check=m.needs_check,
            record=f"country-measure:{m.country}:{m.measure}:{m.pk}",
        )
        for m in hr.CountryMeasure.objects.order_by("country", "measure", "since")
    )
    concerns = tuple(
        CountryConcern(
            country=c.country,
            level=c.level,
            basis=c.basis,
            source=c.source,
            source_url=c.source_url,
            since=c.since,
            until=c.until,
            record=f"country-concern:{c.country}:{c.pk}",
        )
        for c in hr.CountryConcern.objects.order_by("country", "since")
    )
    end_users = tuple(
        EndUserConcern(
            name=c.name,
            aliases=tuple(c.aliases or ()),
            country=c.country,
            basis=c.basis,
            source=c.source,
            source_url=c.source_url,
            since=c.since,
            until=c.until,
            record=f"end-user-concern:{c.pk}",
        )
        for c in hr.EndUserConcern.objects.order_by("name")
    )
    denials = tuple(
        Denial(
            reference=d.reference,
            member_state=d.member_state,
            control_entries=tuple(d.control_entries or ()),
            end_user=d.end_user,
            consignee=d.consignee,
            destination=d.destination,
            end_use=d.end_use,
            denied_on=d.denied_on,
            revoked_on=d.revoked_on,
            record=f"denial:{d.reference}",
            end_user_country=d.end_user_country,
        )
        for d in hr.Denial.objects.order_by("denied_on", "reference")
    )
    return Snapshot(
        versions=tuple(versions),
        measures=measures,
        country_concerns=concerns,
        end_user_concerns=end_users,
        denials=denials,
        deploying_state=getattr(settings, "DEPLOYING_MEMBER_STATE", "NL"),
        stamp=stamp,
    )
