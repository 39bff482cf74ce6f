"""Writes to the control list: importing a version (atomic, idempotent) and activating it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import annex_ii, codes, reference
from .models import (
    AnnexIVEntry,
    ControlEntry,
    ControlListVersion,
    GeneralAuthorisation,
    ListDocument,
    SectionIEntry,
    VersionStatus,
)
from .parsing import (
    ParsedAnnexIV,
    ParsedVersion,
    ParseError,
    annex_iv_roots,
    parse_annex_iv,
    parse_version,
    section_i_roots,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class ImportResult:
    version: ControlListVersion
    created: bool
    annex_iv_changed: int = 0  # entries of an existing version whose Annex IV flags were corrected


def _load_json(path: Path | None) -> dict | None:
    if not path:
        return None
    try:
        return json.loads(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ParseError(f"{path}: {exc}") from exc


def import_control_list(
    path: Path | str,
    *,
    general_authorisations: Path | str | None = None,
    annex_iv_from: Path | str | None = None,
    annex_iv: Path | str | None = None,
    status: str = VersionStatus.DRAFT,
    amending_act: str = "",
    regime_updates: str = "",
) -> ImportResult:
    """Import one dataset file. Same checksum as an existing version: nothing changes.
    A malformed file raises ParseError and leaves the database untouched.

    Annex IV: the rows of ``annex_iv`` (an Annex IV file such as data/annex_iv_2021-09-09.json)
    when given; else the file's own ``annex_iv_entries``; else those of ``annex_iv_from``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror}") from exc
    parsed = parse_version(raw)
    existing = ControlListVersion.objects.filter(checksum=parsed.checksum).first()
    if existing:
        return ImportResult(existing, False)
    if ControlListVersion.objects.filter(version_id=parsed.version_id).exists():
        raise ParseError(
            f"version {parsed.version_id} is already imported from a different file; give the new file its own corpus_version"
        )
    ugea = _load_json(Path(general_authorisations)) if general_authorisations else None
    annex_iv_rows, annex_iv_source = parsed.annex_iv, path.name
    if annex_iv or (not annex_iv_rows and annex_iv_from):
        annex_iv_rows, annex_iv_source = _read_annex_iv(annex_iv or annex_iv_from)
    section_i_text = parsed.section_i_text
    with transaction.atomic():
        version = ControlListVersion.objects.create(
            version_id=parsed.version_id,
            celex=parsed.celex,
            valid_from=parsed.valid_from,
            source_url=parsed.source_url,
            checksum=parsed.checksum,
            attribution=parsed.attribution,
            amending_act=amending_act,
            regime_updates=regime_updates,
            known_issues=parsed.known_issues,
            status=VersionStatus.DRAFT,
            entry_count=len(parsed.entries),
            item_count=len(parsed.codes),
        )
        all_codes = parsed.codes
        iv_roots = annex_iv_roots(annex_iv_rows, all_codes)
        sec_roots = section_i_roots(section_i_text) if section_i_text else set(annex_ii.section_i_codes(ugea))
        _store_entries(version, parsed, iv_roots, sec_roots)
        ListDocument.objects.bulk_create(
            ListDocument(version=version, doc_type=d.get("doc_type", ""), title=d.get("title", "")[:300],
                         text=d.get("verbatim_text", ""), position=n)
            for n, d in enumerate(parsed.documents)
        )
        AnnexIVEntry.objects.bulk_create(
            AnnexIVEntry(version=version, code=r.code, label=r.label, part=r.part, text=r.text, source=annex_iv_source)
            for r in annex_iv_rows
        )
        SectionIEntry.objects.bulk_create(SectionIEntry(version=version, code=c) for c in sorted(sec_roots))
        if ugea:
            _store_general_authorisations(version, ugea, parsed)
        if status != VersionStatus.DRAFT:
            activate(version, superseded=(status == VersionStatus.SUPERSEDED))
    return ImportResult(version, True)


def _read_annex_iv(path: Path | str) -> tuple[list[ParsedAnnexIV], str]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_annex_iv(raw), Path(path).name


def apply_annex_iv(version: ControlListVersion, rows: list[ParsedAnnexIV], source: str) -> int:
    """Make ``rows`` the version's Annex IV: its stored rows and its entries' Annex IV flags (and the
    Section I flags, which include every Annex IV item). Idempotent; returns how many entries' flags
    changed. For versions imported before the Annex IV reading was corrected."""
    with transaction.atomic():
        entries = list(ControlEntry.objects.select_for_update().filter(version=version).only(
            "id", "code", "annex_iv", "section_i"))
        iv_roots = annex_iv_roots(rows, {e.code for e in entries})
        sec_roots = set(SectionIEntry.objects.filter(version=version).values_list("code", flat=True))
        changed = []
        for e in entries:
            iv = bool(codes.within_any(e.code, iv_roots))
            sec = iv or bool(codes.within_any(e.code, sec_roots))
            if (e.annex_iv, e.section_i) != (iv, sec):
                e.annex_iv, e.section_i = iv, sec
                changed.append(e)
        ControlEntry.objects.bulk_update(changed, ["annex_iv", "section_i"], batch_size=1000)
        wanted = [(r.code, r.label, r.part, r.text, source) for r in rows]
        stored = list(AnnexIVEntry.objects.filter(version=version).order_by("pk").values_list(
            "code", "label", "part", "text", "source"))
        if stored != wanted:
            AnnexIVEntry.objects.filter(version=version).delete()
            AnnexIVEntry.objects.bulk_create(
                AnnexIVEntry(version=version, code=c, label=lb, part=p, text=t, source=s) for c, lb, p, t, s in wanted)
        if (changed or stored != wanted) and version.status != VersionStatus.DRAFT:
            reference.bump(f"Annex IV of control list {version.version_id} corrected")
    return len(changed)


def _store_entries(version, parsed: ParsedVersion, iv_roots: set[str], sec_roots: set[str]) -> None:
    rows: list[ControlEntry] = []
    position = 0
    for entry in parsed.entries:
        for item in entry.items:
            rows.append(
                ControlEntry(
                    version=version,
                    code=item.code,
                    entry_code=entry.code,
                    category=entry.category,
                    product_group=entry.product_group,
                    depth=item.depth,
                    position=position,
                    text=item.text,
                    full_text=entry.verbatim_text if item.depth == 0 else "",
                    notes=[{"kind": n.kind, "label": n.label, "text": n.text} for n in item.notes],
                    cyber_surveillance=bool(codes.within_any(item.code, codes.CYBER_SURVEILLANCE_ROOTS)),
                    annex_iv=bool(codes.within_any(item.code, iv_roots)),
                    section_i=bool(codes.within_any(item.code, sec_roots)) or bool(codes.within_any(item.code, iv_roots)),
                )
            )
            position += 1
    ControlEntry.objects.bulk_create(rows, batch_size=1000)
    ids = dict(ControlEntry.objects.filter(version=version).values_list("code", "id"))
    parents = {i.code: i.parent for e in parsed.entries for i in e.items}
    to_update = []
    for row in ControlEntry.objects.filter(version=version).only("id", "code"):
        par = parents.get(row.code)
        if par:
            row.parent_id = ids[par]
            to_update.append(row)
    ControlEntry.objects.bulk_update(to_update, ["parent"], batch_size=1000)


def _store_general_authorisations(version, ugea: dict, parsed: ParsedVersion) -> None:
    texts = parsed.gea_texts
    GeneralAuthorisation.objects.bulk_create(
        GeneralAuthorisation(
            version=version,
            code=g["code"],
            title=g.get("title", "")[:300],
            data={**g, "source": ugea.get("source", {})},
            verbatim_text=texts.get(g["code"], "\n".join(g.get("conditions_verbatim", []))),
        )
        for g in ugea.get("geas", [])
    )


def activate(version: ControlListVersion, *, superseded: bool = False) -> None:
    """Put a version in force. The latest version in force is `active`; earlier ones become `superseded`
    (they stay usable for evaluations `as_of` their dates)."""
    with transaction.atomic():
        version.status = VersionStatus.SUPERSEDED if superseded else VersionStatus.ACTIVE
        version.activated_at = timezone.now()
        version.save(update_fields=["status", "activated_at"])
        in_force = ControlListVersion.objects.exclude(status=VersionStatus.DRAFT).order_by("-valid_from")
        latest = in_force.first()
        for v in in_force:
            wanted = VersionStatus.ACTIVE if v.pk == latest.pk else VersionStatus.SUPERSEDED
            if v.status != wanted:
                ControlListVersion.objects.filter(pk=v.pk).update(status=wanted)
        reference.bump(f"control list {version.version_id} in force")


def load_shipped_versions() -> list[ImportResult]:
    """Import the shipped versions (manifest.json) and apply the shipped Annex IV to them and to any
    version uploaded later whose Annex IV came from shipped files, so that a database imported with an
    earlier reading of Annex IV gets its flags corrected."""
    manifest = json.loads((DATA_DIR / "manifest.json").read_text())
    results = []
    for spec in manifest["versions"]:
        result = import_control_list(
            DATA_DIR / spec["file"],
            general_authorisations=DATA_DIR / spec["general_authorisations"],
            annex_iv=DATA_DIR / spec["annex_iv"],
            status=spec.get("status", VersionStatus.ACTIVE),
            amending_act=spec.get("amending_act", ""),
            regime_updates=spec.get("regime_updates", ""),
        )
        if not result.created:
            result.annex_iv_changed = apply_annex_iv(result.version, *_read_annex_iv(DATA_DIR / spec["annex_iv"]))
        results.append(result)
    shipped = {s[k] for s in manifest["versions"] for k in ("file", "annex_iv")}
    latest_rows, latest_source = _read_annex_iv(DATA_DIR / manifest["versions"][-1]["annex_iv"])
    for version in ControlListVersion.objects.exclude(pk__in=[r.version.pk for r in results]):
        sources = set(AnnexIVEntry.objects.filter(version=version).values_list("source", flat=True))
        if sources and sources <= shipped:
            apply_annex_iv(version, latest_rows, latest_source)
    return results
