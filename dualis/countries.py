"""Country names from ISO 3166-1 (pycountry) in the active language, English or Dutch.

The one place for showing a country code to people: ``label("CN")`` -> "China (CN)" / "China (CN)",
``label("DE")`` -> "Germany (DE)" / "Duitsland (DE)"; ``choices()`` for forms, sorted by the shown name.
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import lru_cache

import pycountry
from django.utils.translation import get_language


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@lru_cache(maxsize=8)
def _names(language: str) -> dict[str, str]:
    translate = str
    if language != "en":
        try:
            translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]).gettext
        except OSError:  # no catalogue for this language: English names
            pass
    return {c.alpha_2: translate(getattr(c, "common_name", None) or c.name) for c in pycountry.countries}


def name(code: str | None) -> str:
    """The country's name in the active language; the code itself when it is not a country."""
    if not code:
        return ""
    return _names(_language()).get(str(code).upper(), str(code))


def label(code: str | None) -> str:
    """"Name (CODE)", or the code alone when it is not a known country."""
    if not code:
        return ""
    shown = name(code)
    return f"{shown} ({str(code).upper()})" if shown != str(code) else shown


def _sort_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@lru_cache(maxsize=8)
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    names = _names(language)
    return tuple(sorted(((code, f"{shown} ({code})") for code, shown in names.items()), key=lambda c: _sort_key(c[1])))


def choices() -> list[tuple[str, str]]:
    """(code, "Name (CODE)") for every ISO 3166-1 country, sorted by name in the active language."""
    return list(_choices(_language()))
