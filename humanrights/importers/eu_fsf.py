"""The EU consolidated list of persons, groups and entities subject to EU financial sanctions
(Financial Sanctions Files, FSF), as XML (``<export><sanctionEntity>…``) or as its CSV form
(semicolon-separated, one row per name/address/… combination, grouped by Entity_LogicalId)."""

from __future__ import annotations

import csv
import io

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from . import ImportFailed, ListRecord, decode, iso_country, parse_iso_date, unique

KINDS = {"person": "person", "p": "person", "enterprise": "organisation", "e": "organisation"}


def parse(data: bytes) -> list[ListRecord]:
    text = decode(data).lstrip()
    if not text:
        raise ImportFailed("the file is empty")
    if text.startswith("<"):
        return parse_xml(text)
    return parse_csv(text)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def parse_xml(text: str) -> list[ListRecord]:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        line, col = exc.position
        raise ImportFailed(f"line {line}, column {col}: not well-formed XML") from exc
    except DefusedXmlException as exc:
        raise ImportFailed(f"refused: the XML uses a forbidden construct ({type(exc).__name__})") from exc
    if _local(root.tag) != "export":
        raise ImportFailed(f"root element is <{_local(root.tag)}>, expected <export> of the EU FSF format")
    out = []
    for n, el in enumerate(_children(root, "sanctionEntity"), start=1):
        logical_id = (el.get("logicalId") or "").strip()
        where = f"sanctionEntity no. {n}" + (f" (logicalId {logical_id})" if logical_id else "")
        if not logical_id:
            raise ImportFailed(f"{where}: attribute logicalId is missing")
        names = []
        for a in _children(el, "nameAlias"):
            whole = (a.get("wholeName") or " ".join(
                x for x in (a.get("firstName"), a.get("middleName"), a.get("lastName")) if x)).strip()
            if not whole:
                raise ImportFailed(f"{where}: nameAlias without wholeName (or first/last name)")
            names.append(whole)
        names = unique(names)
        if not names:
            raise ImportFailed(f"{where}: no nameAlias")
        subject = _children(el, "subjectType")
        code = (subject[0].get("code") or subject[0].get("classificationCode") or "") if subject else ""
        regs = _children(el, "regulation")
        countries = unique(
            iso_country(c.get("countryIso2Code", "")) for tag in ("citizenship", "address")
            for c in _children(el, tag)
        )
        addresses = unique(
            ", ".join(x for x in (a.get("street"), a.get("city"), a.get("countryDescription")) if x)
            for a in _children(el, "address")
        )
        remark = " ".join((r.text or "").strip() for r in _children(el, "remark"))
        out.append(ListRecord(
            source_id=(el.get("euReferenceNumber") or logical_id).strip(),
            name=names[0],
            aliases=names[1:],
            kind=KINDS.get(code.strip().lower(), "organisation"),
            countries=countries,
            addresses=addresses,
            programme=(regs[0].get("programme") or "") if regs else "",
            basis="; ".join(unique([*(r.get("numberTitle") for r in regs), remark]))[:2000],
            source_url=(regs[0].get("publicationUrl") or "")[:500] if regs else "",
            listed_on=parse_iso_date(el.get("designationDate", ""), f"{where}, designationDate"),
        ))
    if not out:
        raise ImportFailed("no sanctionEntity in the file")
    return out


REQUIRED = ("Entity_LogicalId", "NameAlias_WholeName")


def parse_csv(text: str) -> list[ListRecord]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFailed(f"line 1: missing column(s) {', '.join(missing)} of the EU FSF CSV format")
    records: dict[str, ListRecord] = {}
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise ImportFailed(f"line {line}: more fields than the header has columns")
            logical_id = (row.get("Entity_LogicalId") or "").strip()
            if not logical_id:
                raise ImportFailed(f"line {line}: Entity_LogicalId is empty")
            name = (row.get("NameAlias_WholeName") or "").strip()
            rec = records.get(logical_id)
            if rec is None:
                if not name:
                    raise ImportFailed(f"line {line}: NameAlias_WholeName is empty")
                subject = row.get("Entity_SubjectType") or row.get("Entity_SubjectType_ClassificationCode") or ""
                rec = records[logical_id] = ListRecord(
                    source_id=(row.get("Entity_EU_ReferenceNumber") or logical_id).strip(), name=name,
                    kind=KINDS.get(subject.strip().lower(), "organisation"),
                    programme=(row.get("Entity_Regulation_Programme") or "").strip(),
                    basis="; ".join(unique([row.get("Entity_Regulation_NumberTitle"), row.get("Entity_Remark")])),
                    source_url=(row.get("Entity_Regulation_PublicationUrl") or "").strip()[:500],
                    listed_on=parse_iso_date(row.get("Entity_DesignationDate", ""),
                                             f"line {line}, Entity_DesignationDate"),
                )
            elif name and name != rec.name and name not in rec.aliases:
                rec.aliases.append(name)
            for col in ("Citizenship_CountryIso2Code", "Address_CountryIso2Code"):
                c = iso_country(row.get(col) or "")
                if c and c not in rec.countries:
                    rec.countries.append(c)
            addr = ", ".join(x.strip() for x in (row.get("Address_Street"), row.get("Address_City"),
                                                 row.get("Address_CountryDescription")) if x and x.strip())
            if addr and addr not in rec.addresses:
                rec.addresses.append(addr)
    except csv.Error as exc:
        raise ImportFailed(f"line {reader.line_num}: {exc}") from exc
    if not records:
        raise ImportFailed("no entities in the file")
    return list(records.values())
