"""Pure helpers: the compact item classification kept in a report, and why a case's answer changed.

No ORM here: callers pass evaluation responses (dicts) and the list comparison they loaded once.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from controllists import codes

DECISIVE = ("prohibits", "refusal_ground", "ad_hoc", "requires_licence", "permits")


def classification(response: dict | None) -> list[dict]:
    """Per item: the Annex I entry the engine used, whether it is listed and needs a licence."""
    if not response:
        return []
    return [
        {
            "index": i.get("index"),
            "control_entry": i.get("control_entry"),
            "listed": bool(i.get("listed")),
            "licence_required": bool(i.get("licence_required")),
        }
        for i in response.get("items", [])
    ]


def _finding_keys(response: dict | None) -> set[tuple[str, str]]:
    out = set()
    for f in (response or {}).get("findings", []):
        sources = f.get("sources") or [""]
        for s in sources:
            out.add((f.get("rule", ""), s))
    return out


def is_changed(old_recommendation: str, old_items: list[dict], new_recommendation: str, new_items: list[dict]) -> bool:
    if old_recommendation != new_recommendation:
        return True
    return bool(old_items) and old_items != new_items


def _entries_hit(items: list[dict], entry_changes: dict[str, str]) -> list[str]:
    """Annex I entries (added/removed/changed between the versions) that an item of the case falls under."""
    hit = []
    for item in items:
        code = item.get("control_entry")
        if not code:
            continue
        root = codes.entry_code(code)
        if root in entry_changes and root not in hit:
            hit.append(root)
    return hit


def _requested_entries(body: dict) -> list[dict]:
    return [{"control_entry": codes.try_normalise(i["control_entry"]) if i.get("control_entry") else None}
            for i in body.get("items", [])]


def explain(
    *,
    body: dict,
    before: dict | None,
    after: dict | None,
    entry_changes: dict[str, str],
    version_label: str,
    invalid: dict | None = None,
) -> tuple[str, list[str]]:
    """(sentence, sources): which list entry or register record turned `before` into `after`."""
    parts: list[str] = []
    sources: list[str] = []
    items = classification(after) or classification(before) or _requested_entries(body)
    list_caused = before is None or after is None or (
        before.get("recommendation") != after.get("recommendation") or classification(before) != classification(after)
    )
    hits = _entries_hit(items + _requested_entries(body), entry_changes) if list_caused else []
    for code in hits:
        change = entry_changes[code]
        label = {"added": _("added"), "removed": _("removed"), "changed": _("amended")}.get(change, change)
        parts.append(_("Annex I entry %(code)s was %(change)s in %(version)s")
                     % {"code": code, "change": label, "version": version_label})
        sources.append(f"annex-i:{code}:{change}")
    if invalid is not None:
        parts.append(_("an item's Annex I entry no longer exists; the item must be re-classified"))
    if before is not None and after is not None:
        gained = sorted(_finding_keys(after) - _finding_keys(before))
        lost = sorted(_finding_keys(before) - _finding_keys(after))
        for rule, source in gained:
            parts.append(_("new finding %(rule)s") % {"rule": rule} + (f" ({source})" if source else ""))
            if source and source not in sources:
                sources.append(source)
        for rule, source in lost:
            parts.append(_("finding %(rule)s no longer applies") % {"rule": rule} + (f" ({source})" if source else ""))
            if source and source not in sources:
                sources.append(source)
    elif after is not None:
        # Nothing stored to compare with: name what decides the new answer.
        for f in after.get("findings", []):
            if f.get("effect") in DECISIVE:
                source = ", ".join(f.get("sources") or [])
                parts.append(_("finding %(rule)s") % {"rule": f.get("rule")} + (f" ({source})" if source else ""))
                sources.extend(s for s in f.get("sources") or [] if s not in sources)
    if not parts:
        parts.append(_("the stored recommendation predates earlier changes of the reference data"))
    return "; ".join(parts)[:2000], sources[:50]
