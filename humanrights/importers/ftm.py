"""FollowTheMoney entities as JSON lines (the format OpenSanctions publishes): one entity a line,
``{"id", "schema", "properties": {"name": [...], "alias": [...], "country": [...], ...}}``. Persons,
organisations, companies, legal entities and public bodies are imported; Sanction entities add their
programme and reason to the entity they name; other schemas (addresses, ownership, …) are skipped."""

from __future__ import annotations

import json

from . import ImportFailed, ListRecord, decode, iso_country, parse_iso_date, unique

PARTIES = {"Person": "person", "Organization": "organisation", "Company": "organisation",
           "LegalEntity": "organisation", "PublicBody": "organisation"}
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry")


def _values(props: dict, key: str, where: str) -> list[str]:
    v = props.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ImportFailed(f"{where}: properties.{key} must be a list of strings")
    return v


def parse(data: bytes) -> list[ListRecord]:
    text = decode(data)
    records: dict[str, ListRecord] = {}
    sanctions: list[tuple[str, dict, str]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise ImportFailed(f"{where}: expected a JSON object (an entity)")
        ent_id, schema, props = obj.get("id"), obj.get("schema"), obj.get("properties")
        if not isinstance(ent_id, str) or not ent_id:
            raise ImportFailed(f"{where}: field 'id' is missing")
        if not isinstance(schema, str) or not schema:
            raise ImportFailed(f"{where}: field 'schema' is missing")
        if not isinstance(props, dict):
            raise ImportFailed(f"{where}: field 'properties' is missing or not an object")
        if schema == "Sanction":
            sanctions.append((where, props, ent_id))
            continue
        if schema not in PARTIES:
            continue
        names = unique(_values(props, "name", where))
        if not names:
            raise ImportFailed(f"{where} (entity {ent_id}): properties.name is empty")
        aliases = unique(a for key in ("alias", "weakAlias", "previousName") for a in _values(props, key, where))
        countries = unique(iso_country(c) for key in COUNTRY_PROPS for c in _values(props, key, where))
        records[ent_id] = ListRecord(
            source_id=ent_id[:200], name=names[0], aliases=[a for a in unique(names[1:] + aliases) if a != names[0]],
            kind=PARTIES[schema], countries=countries, addresses=_values(props, "address", where),
            programme="; ".join(_values(props, "program", where))[:200],
            basis="; ".join(_values(props, "notes", where))[:2000],
            source_url=(_values(props, "sourceUrl", where) or [""])[0][:500],
            listed_on=parse_iso_date((obj.get("first_seen") or "")[:10], f"{where}, first_seen"),
        )
    for where, props, _sid in sanctions:
        for target in _values(props, "entity", where):
            rec = records.get(target)
            if rec is None:
                continue
            rec.programme = rec.programme or "; ".join(_values(props, "program", where))[:200]
            reason = "; ".join(_values(props, "reason", where) + _values(props, "authority", where))
            rec.basis = "; ".join(unique([rec.basis, reason]))[:2000]
            rec.source_url = rec.source_url or (_values(props, "sourceUrl", where) or [""])[0][:500]
            listed = _values(props, "listingDate", where) or _values(props, "startDate", where)
            if listed and rec.listed_on is None:
                rec.listed_on = parse_iso_date(listed[0][:10], f"{where}, listingDate")
    if not records:
        raise ImportFailed("no persons or organisations in the file")
    return list(records.values())
