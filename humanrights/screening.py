"""Party screening: every party of an application against the end-user concern register, the denials
and the imported sanctions and screening lists.

Candidates come from the registers (small: scanned in full) and from the lists through
`selectors.list_name_candidates` (pg_trgm on PostgreSQL); each candidate is then scored with
`matching.best_matches`, the same matcher the rules service uses. Hits are stored per party and record;
an officer's disposition stays with the hit, and a false positive is remembered for the name (and
country), so re-screening never brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import matching, selectors
from .models import Denial, Disposition, EndUserConcern, FalsePositive, RecordType, ScreeningHit


@dataclass(frozen=True)
class Match:
    record_type: str
    record_id: int
    label: str
    matched_name: str
    score: float
    reason: str


def _country_note(country: str, other) -> str:
    if not country or not other:
        return _("no country to compare")
    others = [other] if isinstance(other, str) else list(other)
    if country in others:
        return _("same country %(c)s") % {"c": country}
    return _("different country (%(a)s, record: %(b)s)") % {"a": country, "b": ", ".join(others)}


def _reason(name: str, matched: str, what: str, score: float, country: str, other) -> str:
    how = _("identical name") if matching.match_key(name) == matching.match_key(matched) else _("similar name")
    return _("'%(name)s' matches '%(matched)s' of %(what)s: %(how)s, score %(score).0f; %(country)s.") % {
        "name": name, "matched": matched, "what": what, "how": how, "score": score,
        "country": _country_note(country, other),
    }


def _end_user_concerns(name: str, country: str, today) -> list[Match]:
    concerns = [c for c in EndUserConcern.objects.all() if c.until is None or c.until > today]
    cands = ((c, [c.name, *(c.aliases or [])], c.country) for c in concerns)
    return [
        Match(RecordType.END_USER_CONCERN, c.pk, f"{c.name} ({c.country})", matched, s,
              _reason(name, matched, _("the registered end-user concern '%(n)s' (%(b)s)") % {"n": c.name,
                                                                                             "b": c.source},
                      s, country, c.country))
        for c, s, matched in matching.best_matches(name, country, cands)
    ]


def _denials(name: str, country: str, today) -> list[Match]:
    denials = Denial.objects.filter(revoked_on__isnull=True, review_due_on__gte=today)
    cands = ((d, [n for n in (d.end_user, d.consignee) if n], d.end_user_country or d.destination) for d in denials)
    return [
        Match(RecordType.DENIAL, d.pk, f"{d.reference}: {d.end_user} ({d.destination})", matched, s,
              _reason(name, matched, _("denial %(ref)s by %(ms)s of %(date)s") % {
                  "ref": d.reference, "ms": d.member_state, "date": d.denied_on.isoformat()}, s, country,
                      d.end_user_country or d.destination))
        for d, s, matched in matching.best_matches(name, country, cands)
    ]


def list_matches(name: str, country: str) -> list[Match]:
    """Matches in the imported lists: candidates from the screening index, then the matcher's score."""
    candidates = selectors.list_entry_candidates(matching.match_key(name))
    names: dict[int, list[tuple[str, str]]] = {}
    entries: dict[int, tuple] = {}
    for row in candidates:
        entry_id, listed_name, key = row[:3]
        if len(listed_name) >= 500 or len(key) >= 500:  # cut to the column's length when indexed
            key = matching.match_key(listed_name)
        names.setdefault(entry_id, []).append((listed_name, key))
        entries[entry_id] = row
    found = matching.best_keyed_matches(name, country, (
        (i, ns, tuple(entries[i][3] or ()) or None) for i, ns in names.items()))
    out = []
    for entry_id, s, matched in found:
        countries, source_id, entry_name, kind, programme, list_name = entries[entry_id][3:]
        what = _("entry %(id)s of the list '%(list)s' (%(programme)s)") % {
            "id": source_id, "list": list_name, "programme": programme or kind}
        out.append(Match(RecordType.LIST_ENTRY, entry_id, f"{entry_name} [{list_name} {source_id}]", matched, s,
                         _reason(name, matched, what, s, country, tuple(countries or ()))))
    return out


def find_matches(name: str, country: str = "", today=None) -> list[Match]:
    today = today or timezone.localdate()
    found = _end_user_concerns(name, country, today) + _denials(name, country, today) + list_matches(name, country)
    return sorted(found, key=lambda m: (-m.score, m.record_type, m.record_id))


def screen_party(party, now=None) -> int:
    """Screen one party; returns the number of its current, not-dismissed hits."""
    now = now or timezone.now()
    matches = find_matches(party.name, party.country, now.date())
    dismissed = set(
        FalsePositive.objects.filter(party_key=matching.match_key(party.name), party_country=party.country)
        .values_list("record_type", "record_id")
    )
    with transaction.atomic():
        existing = {(h.record_type, h.record_id): h for h in party.screening_hits.select_for_update()}
        seen = set()
        for m in matches:
            key = (m.record_type, m.record_id)
            if key in dismissed:
                continue
            seen.add(key)
            hit = existing.get(key)
            if hit is None:
                ScreeningHit.objects.create(
                    party=party, record_type=m.record_type, record_id=m.record_id, record_label=m.label[:600],
                    matched_name=m.matched_name[:500], score=m.score, reason=m.reason, last_seen_at=now)
            else:
                hit.record_label, hit.matched_name = m.label[:600], m.matched_name[:500]
                hit.score, hit.reason, hit.last_seen_at, hit.current = m.score, m.reason, now, True
                hit.save(update_fields=["record_label", "matched_name", "score", "reason", "last_seen_at", "current"])
        gone = [h.pk for k, h in existing.items() if k not in seen]
        # an undecided hit that no longer matches disappears; a decided one stays, marked as no longer current
        ScreeningHit.objects.filter(pk__in=gone, disposition=Disposition.OPEN).delete()
        ScreeningHit.objects.filter(pk__in=gone).exclude(disposition=Disposition.OPEN).update(current=False)
    return sum(1 for k in seen if existing.get(k) is None or existing[k].disposition != Disposition.FALSE_POSITIVE)


def screen_application(application_id: int) -> int:
    """Screen every party of an application (end user, consignees, intermediaries); returns the hits."""
    from licensing.models import Party

    now = timezone.now()
    return sum(screen_party(p, now) for p in Party.objects.filter(application_id=application_id))


def _record_candidate(record_type: str, record_id: int, today):
    """A register record in force as a matcher candidate (pk, names, country), or None."""
    if record_type == RecordType.END_USER_CONCERN:
        c = EndUserConcern.objects.filter(pk=record_id).first()
        if c and (c.until is None or c.until > today):
            return c.pk, [c.name, *(c.aliases or [])], c.country
    elif record_type == RecordType.DENIAL:
        d = Denial.objects.filter(pk=record_id, revoked_on__isnull=True, review_due_on__gte=today).first()
        if d:
            return d.pk, [n for n in (d.end_user, d.consignee) if n], d.end_user_country or d.destination
    return None


def parties_affected_by(record_type: str, record_id: int, today=None) -> list[int]:
    """Parties of open applications a register record matches now, or had a screening hit on before."""
    from licensing.models import Party
    from licensing.models.applications import OPEN_STATUSES

    today = today or timezone.localdate()
    parties = Party.objects.filter(application__status__in=OPEN_STATUSES)
    ids = set(parties.filter(screening_hits__record_type=record_type, screening_hits__record_id=record_id)
              .values_list("id", flat=True))
    candidate = _record_candidate(record_type, record_id, today)
    if candidate:
        ids.update(pk for pk, name, country in parties.values_list("id", "name", "country").iterator(chunk_size=5000)
                   if matching.best_matches(name, country, [candidate]))
    return sorted(ids)


def rescreen_for_record(record_type: str, record_id: int) -> int:
    """After a register record changed: screen again the parties of open applications it matches now or
    matched before; returns the number of parties screened."""
    from licensing.models import Party

    now = timezone.now()
    ids = parties_affected_by(record_type, record_id, now.date())
    for party in Party.objects.filter(pk__in=ids):
        screen_party(party, now)
    return len(ids)


def rescreen_open_applications() -> int:
    """After a list or register changed: screen the parties of every open application again."""
    from licensing.models import Application
    from licensing.models.applications import OPEN_STATUSES

    ids = Application.objects.filter(status__in=OPEN_STATUSES).values_list("id", flat=True)
    return sum(screen_application(i) for i in ids)
