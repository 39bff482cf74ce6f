"""Fuzzy matching of organisation and person names (end users, consignees, denials, sanctions lists).

Pure functions over strings, no Django. Names are normalised (transliterated to ASCII, so diacritics,
Cyrillic and Chinese script compare with their Latin spellings; case, punctuation, legal-form noise,
known abbreviations expanded) and reduced to a *match key* (filler words dropped, common
transliteration variants folded: 'ks'/'x', 'kh'/'h', doubled letters, 'iy'/'y'/'i'). Keys are compared
with rapidfuzz token ratios, so word order does not matter; the country is a signal: the same country
adds a little, a different one subtracts more. ``match_key`` is also what the screening index stores
(pg_trgm candidate retrieval), so the database and this module agree on what a name is.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Hashable, Iterable
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

DEFAULT_THRESHOLD = 85.0
SAME_COUNTRY_BONUS = 5.0
OTHER_COUNTRY_PENALTY = 15.0

# Legal-form and filler tokens that say nothing about who the organisation is.
NOISE = frozenset(
    "co company corp corporation inc incorporated ltd limited llc llp plc gmbh ag kg bv nv sa sas sarl spa srl "
    "oy ab as pte pty kk jsc ojsc pjsc ooo zao the".split()
)

# Abbreviation -> expansion. Names are compared in their expanded form, so an abbreviation on
# either side matches the long form on the other.
ABBREVIATIONS = {
    "psb": "public security bureau",
    "mps": "ministry of public security",
    "mss": "ministry of state security",
    "xpcc": "xinjiang production and construction corps",
    "xuar": "xinjiang uyghur autonomous region",
    "prc": "peoples republic of china",
    "pla": "peoples liberation army",
    "irgc": "islamic revolutionary guard corps",
    "fsb": "federal security service",
    "nudt": "national university of defense technology",
    "caep": "china academy of engineering physics",
    "intl": "international",
    "natl": "national",
    "univ": "university",
    "inst": "institute",
    "dept": "department",
    "govt": "government",
    "mfg": "manufacturing",
    "assn": "association",
    "ctr": "center",
}

# Words that carry no identity; dropped from the match key (not from the normalised name).
STOPWORDS = frozenset("and of the for de des du la le les der die das und al el".split())

# Transliteration variants folded to one spelling inside a word (order matters).
_FOLDS = (
    ("isation", "ization"), ("centre", "center"), ("tsch", "ch"), ("tch", "ch"), ("dzh", "j"),
    ("ks", "x"), ("kh", "h"), ("dh", "d"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("w", "v"), ("ou", "u"),
    ("iy", "i"), ("yi", "i"), ("y", "i"),
)
_DOUBLES = re.compile(r"(.)\1+")
_CONTRACTIONS = {v: k for k, v in ABBREVIATIONS.items()}


def _strip_diacritics(text: str) -> str:
    """Latin diacritics removed, other scripts transliterated ('Zhōngguó' -> 'Zhongguo',
    'Рособоронэкспорт' -> 'Rosoboroneksport', '中国' -> 'ZhongGuo'). ASCII comes back as it is."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped if stripped.isascii() else anyascii(stripped)


def _join_initials(tokens: list[str]) -> list[str]:
    """'s a' (from 'S.A.') -> 'sa', so that dotted legal forms and acronyms read as one word."""
    out: list[str] = []
    run = ""
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return out


# The words of a name once it is ASCII: letters lower-cased, every other character but digits a space
# (as casefold() and isalnum() treat ASCII); apostrophes are dropped ('People's' -> 'peoples').
_ASCII_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))


def _words(s: str) -> list[str]:
    """The lower-case ASCII words of a name, '&' read as 'and', apostrophes dropped, initials joined."""
    text = _strip_diacritics(s).encode("ascii").replace(b"&", b" and ").translate(_ASCII_WORDS, b"'")
    return _join_initials(text.decode("ascii").split())


@lru_cache(maxsize=65536)
def normalise_name(s: str) -> str:
    """'Xinjiang Production & Construction Corps Public-Security Bureau, Co. Ltd.' ->
    'xinjiang production and construction corps public security bureau'."""
    if not s:
        return ""
    return " ".join([ABBREVIATIONS.get(tok, tok) for tok in _words(s) if tok not in NOISE])


_FIRST_OF_RUN = operator.methodcaller("group", 1)


# Any spelling fold or doubled letter: a word without one is its own fold.
_FOLD_GATE = re.compile("|".join(re.escape(a) for a, _ in _FOLDS) + r"|(.)\1")


def _fold(token: str) -> str:
    if _FOLD_GATE.search(token) is None:
        return token
    for a, b in _FOLDS:
        if a in token:
            token = token.replace(a, b)
    return _DOUBLES.sub(_FIRST_OF_RUN, token)  # a function, not r"\1": no template parsed per call


@lru_cache(maxsize=65536)
def _key_word(tok: str) -> str:
    """What one word of a name is in the match key: '' for noise and filler, abbreviations expanded,
    spelling folded ('xpcc' -> 'xinjiang production construction corps')."""
    if tok in NOISE:
        return ""
    expanded = ABBREVIATIONS.get(tok)
    if expanded is not None:
        return " ".join(_fold(w) for w in expanded.split() if w not in STOPWORDS)
    return "" if tok in STOPWORDS else _fold(tok)


# Words that make a name a unit of another ('..., Kashgar branch'), as match keys.
UNIT_WORDS = frozenset(_fold(w) for w in (
    "branch office division department detachment unit subsidiary bureau brigade team station center centre "
    "institute laboratory factory plant regiment battalion section district county city municipal prefecture "
    "provincial regional local representative affiliate"
).split())


@lru_cache(maxsize=131072)
def match_key(s: str) -> str:
    """The form names are compared (and indexed) in: 'Rosoboronexport' and 'Рособоронэкспорт' both
    give 'rosoboronexport'; 'Public Security Bureau of Xinjiang' gives 'public security bureau xinjiang'.
    Each word is keyed once (cached), so a new name costs a look-up per known word."""
    if not s:
        return ""
    return " ".join([k for k in map(_key_word, _words(s)) if k])


def contract_name(normalised: str) -> str:
    """The abbreviated form of a normalised name (for display and trigram indexes)."""
    out = normalised
    for long, short in _CONTRACTIONS.items():
        out = out.replace(long, short)
    return out


# Words that say what kind of body an organisation is. One in a screened name that the registered
# name lacks makes it another body ('Myanmar Economic Bank' is not 'Myanmar Economic Corporation').
KIND_WORDS = frozenset(_fold(w) for w in (
    "bank banking holding holdings airline airlines airways airport university academy ministry hospital clinic "
    "school college pharmaceutical pharmaceuticals insurance foundation museum church party club television "
    "broadcasting newspaper"
).split())
# Words of many organisations' names: a name of these alone (with kind words) names no body in
# particular, so it is not a registered name that holds more ('Commercial Bank' is not 'Commercial Bank
# of Syria').
COMMON_WORDS = KIND_WORDS | frozenset(_fold(w) for w in (
    "commercial industrial industries industry international national state central public economic "
    "development investment trade trading import export electronics electronic technology technologies "
    "engineering security research science scientific group general united new"
).split())
# Two words are the same word, spelt differently, from this fuzz.ratio on ('Bamk'/'Bank', 'Xinjang'/
# 'Xinjiang', 'Mohammed'/'Muhammad' score 71 and more); words this far apart (at least 4 letters each)
# are different words ('Shiraz'/'Iran', 'Central'/'Commercial', 'Urumqi'/'Xinjiang').
SAME_WORD = 75.0
OTHER_WORD = 65.0
OTHER_WORD_LENGTH = 4
# The highest score of a name that is another body: below the threshold even with the country bonus.
DIFFERENT_BODY_CAP = 75.0


def _ratio(na: str, nb: str) -> float:
    if not na or not nb:
        return 0.0
    if na == nb:
        return 100.0
    # token_set alone scores a subset as 100 ('ministry of public security' inside the name of one
    # of its institutes); weighting token_sort keeps whole-name agreement in the score.
    return 0.3 * fuzz.token_set_ratio(na, nb) + 0.7 * fuzz.token_sort_ratio(na, nb)


def _unmatched(words: list[str], others: list[str]) -> list[str]:
    """The words that are not, even misspelt, among the others."""
    return [w for w in words if w not in others and all(fuzz.ratio(w, o) < SAME_WORD for o in others)]


def _other_body(needle: str, candidate: str) -> bool:
    """The screened name is another body than the registered name, however alike they read: it says it
    is a kind of body (a bank, a ministry...) that the registered name does not say, or a distinctive
    word of the registered name is replaced by a different one ('Shiraz Electronics Industries' is not
    'Iran Electronics Industries', 'Central Bank of Syria' not 'Commercial Bank of Syria'), or it is
    only common words of a longer registered name."""
    nw, cw = needle.split(), candidate.split()
    extra = _unmatched(nw, cw)
    if not extra:
        return all(w in COMMON_WORDS for w in nw) and bool(_unmatched(cw, nw))
    if any(w in KIND_WORDS and not any(w in c for c in cw) for w in extra):
        return True
    missing = _unmatched(cw, nw)
    if not missing or fuzz.ratio("".join(extra), "".join(missing)) >= SAME_WORD:
        return False  # nothing replaced, or the same words split or joined otherwise ('Abdulaziz', 'Abd al-Aziz')
    missing = [m for m in missing if len(m) >= OTHER_WORD_LENGTH]
    return any(len(w) >= OTHER_WORD_LENGTH and all(fuzz.ratio(w, m) < OTHER_WORD and m not in w and w not in m
                                                   for m in missing) and missing for w in extra)


def _directed(needle: str, candidate: str) -> float:
    """Like _ratio, but a name that contains a registered name word for word is a unit of that
    organisation ('XPCC Public Security Bureau, Kashgar branch' -> 'XPCC Public Security Bureau'),
    and another body scores at most DIFFERENT_BODY_CAP."""
    base = _ratio(needle, candidate)
    if base > DIFFERENT_BODY_CAP and candidate and _other_body(needle, candidate):
        return DIFFERENT_BODY_CAP
    if candidate and f" {candidate} " in f" {needle} ":
        # only when the rest names a unit: 'Myanmar Economic Holdings' is not a unit of a registered
        # 'Myanmar Economic (Corporation Limited)'
        rest = set(f" {needle} ".replace(f" {candidate} ", " ", 1).split())
        if rest & UNIT_WORDS:
            return max(base, 95.0)
    return base


def score(a: str, b: str) -> float:
    """Similarity of two names, 0..100, country not considered."""
    return _ratio(match_key(a), match_key(b))


def directed_score(needle: str, candidate: str) -> float:
    """Similarity of a screened name to a registered name, 0..100 (a unit of a registered
    organisation scores as that organisation), country not considered."""
    return _directed(match_key(needle), match_key(candidate))


def country_adjusted(value: float, country: str | None, other) -> float:
    """A name score with the country as a signal: the same country adds SAME_COUNTRY_BONUS, another
    subtracts OTHER_COUNTRY_PENALTY (0..100). ``other`` is one country or several (a listed person's
    citizenships and addresses); no signal where either is unknown."""
    if country and other:
        same = country == other if isinstance(other, str) else country in other
        value = value + SAME_COUNTRY_BONUS if same else value - OTHER_COUNTRY_PENALTY
    return max(0.0, min(100.0, value))


def best_matches(
    name: str,
    country: str | None,
    candidates: Iterable[tuple[Hashable, list[str], str | None]],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[tuple[Hashable, float, str]]:
    """Candidates whose best name scores at least ``threshold``: [(key, score, matched_name)],
    best first. Each candidate is (key, names, country or countries)."""
    return best_keyed_matches(name, country, ((key, [(n, match_key(n)) for n in names], cand_country)
                                              for key, names, cand_country in candidates), threshold)


def best_keyed_matches(
    name: str,
    country: str | None,
    candidates: Iterable[tuple[Hashable, list[tuple[str, str]], str | None]],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[tuple[Hashable, float, str]]:
    """best_matches for names whose match keys are known (the screening index stores them): each
    candidate is (key, [(name, match_key(name))], country or countries)."""
    needle = match_key(name)
    if not needle:
        return []
    out = []
    for key, names, cand_country in candidates:
        best, best_name = 0.0, ""
        for n, k in names:
            s = _directed(needle, k)
            if s > best:
                best, best_name = s, n
        adjusted = country_adjusted(best, country, cand_country)
        if adjusted >= threshold:
            out.append((key, round(adjusted, 1), best_name))
    out.sort(key=lambda r: (-r[1], str(r[0])))
    return out
