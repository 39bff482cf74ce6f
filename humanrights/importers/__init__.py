"""Readers for the files screening lists and received denials come in. Each parser reads the whole
file into plain records or raises ImportFailed naming the line (or entity) and the field; only then
does a service write anything, in one transaction, so a malformed file imports nothing."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

MAX_BYTES = 512 * 1024 * 1024


class ImportFailed(ValueError):
    """A file that cannot be imported; the message names where and why."""


@dataclass
class ListRecord:
    source_id: str
    name: str
    kind: str = "organisation"
    aliases: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    programme: str = ""
    basis: str = ""
    source_url: str = ""
    listed_on: date | None = None


def read_source(path_or_url: str) -> bytes:
    """The bytes of a local file or of an http(s) URL."""
    scheme = urlparse(path_or_url).scheme.lower()
    try:
        if scheme in ("http", "https"):
            with urllib.request.urlopen(path_or_url, timeout=120) as resp:  # noqa: S310 (scheme checked)
                data = resp.read(MAX_BYTES + 1)
        elif scheme in ("", "file"):
            path = Path(urlparse(path_or_url).path if scheme == "file" else path_or_url)
            data = path.read_bytes()
        else:
            raise ImportFailed(f"{path_or_url}: only a file path or an http(s) URL can be imported")
    except OSError as exc:
        raise ImportFailed(f"{path_or_url}: cannot be read ({exc})") from exc
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"{path_or_url}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(f"line {line}: not UTF-8 text") from exc


def iso_country(value: str) -> str | None:
    """An ISO 3166-1 alpha-2 code or None (the EU file uses '00' for 'unknown')."""
    import pycountry

    v = (value or "").strip().upper()
    if len(v) == 2 and v.isalpha() and pycountry.countries.get(alpha_2=v):
        return v
    return None


def parse_iso_date(value: str, where: str) -> date | None:
    v = (value or "").strip()
    if not v:
        return None
    try:
        return date.fromisoformat(v[:10])
    except ValueError as exc:
        raise ImportFailed(f"{where}: '{v}' is not a date (YYYY-MM-DD)") from exc


def unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        v = (v or "").strip()
        if v and v not in out:
            out.append(v)
    return out
