"""Writes to the control list: importing a version (atomic, idempotent) and activating it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import codes, reference
from .models import (
    AnnexIVEntry,
    ControlEntry,
    ControlListVersion,
    GeneralAuthorisation,
    ListDocument,
    SectionIEntry,
    VersionStatus,
)
from .parsing import ParsedVersion, ParseError, annex_iv_codes, parse_version, section_i_roots

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class ImportResult:
    version: ControlListVersion
    created: bool


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
    status: str = VersionStatus.DRAFT,
    amending_act: str = "",
    regime_updates: str = "",
) -> ImportResult:
    """Import one dataset file. Same checksum as an existing version: nothing changes.
    A malformed file raises ParseError and leaves the database untouched."""
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
    annex_iv_rows = parsed.annex_iv
    annex_iv_source = path.name
    if not annex_iv_rows and annex_iv_from:
        annex_iv_rows = parse_version(Path(annex_iv_from).read_bytes()).annex_iv
        annex_iv_source = Path(annex_iv_from).name
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
        iv_roots = annex_iv_codes(annex_iv_rows, all_codes)
        sec_roots = section_i_roots(section_i_text) if section_i_text else _section_i_from_ugea(ugea)
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


def _section_i_from_ugea(ugea: dict | None) -> set[str]:
    if not ugea:
        return set()
    eu001 = next((g for g in ugea.get("geas", []) if g.get("code") == "EU001"), None)
    return {c for c in (eu001 or {}).get("excluded_items", []) if codes.is_valid(c)}


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
    manifest = json.loads((DATA_DIR / "manifest.json").read_text())
    results = []
    for spec in manifest["versions"]:
        results.append(
            import_control_list(
                DATA_DIR / spec["file"],
                general_authorisations=DATA_DIR / spec["general_authorisations"],
                annex_iv_from=DATA_DIR / spec["annex_iv"],
                status=spec.get("status", VersionStatus.ACTIVE),
                amending_act=spec.get("amending_act", ""),
                regime_updates=spec.get("regime_updates", ""),
            )
        )
    return results
