"""A blocking index over register names (end-user concerns, denials) for the fuzzy matcher of
humanrights.matching: which records a new name can match, without scoring it against every record.

The matcher scores a screened name's match key against a registered one as ``_directed``: 100 for
equal keys, 95 where the registered key is contained word for word (a unit of that organisation),
otherwise ``0.3 * token_set_ratio + 0.7 * token_sort_ratio`` (and caps other bodies lower). A record
can therefore reach a raw score ``t`` only through one of its names that

- is contained in the name word for word: then the name holds that name's rarest word, so each name
  is indexed under its rarest word (a dictionary look-up per word of the name); or
- has ``0.3 * token_set_ratio + 0.7 * token_sort_ratio >= t``, so ``token_sort_ratio >= (t - 30) / 0.7``:
  rapidfuzz computes that ratio over all the register's keys in C with that cut-off (it skips most
  keys on their length alone), as ``ratio`` of the keys with their words sorted (which
  token_sort_ratio is), sorted once here; token_set_ratio is then computed for the few it keeps.

Sharing a word is not enough on its own: a typo in every word ('Rosoboronexpot', 'Hikvison Digitl
Tecnology') shares none and still matches. Everything the two tests leave out scores below ``t``, so
the matches are exactly those of the full scan (tests/rules/test_names.py compares them on register
names, their variants and random names).

The index only proposes candidates; the caller scores them with the screening matcher (end-user
concerns through ``best_matches``, denials through ``directed_score`` and ``country_adjusted``), whose
precision rules (another kind of body, a replaced distinctive word, common words only) only lower a
score. Callers ask for ``threshold - SAME_COUNTRY_BONUS`` so that the country signal cannot lift a
left-out record over the threshold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from humanrights.matching import match_key

# The weights of humanrights.matching._ratio; the cut-off is taken a point lower than they give, so
# that rounding never leaves a match out.
SET_WEIGHT, SORT_WEIGHT = 0.3, 0.7
MARGIN = 1.0


def sort_cutoff(min_score: float) -> float:
    """The token_sort_ratio below which a name scores less than ``min_score`` against any key."""
    return min(100.0, max(0.0, (min_score - 100.0 * SET_WEIGHT) / SORT_WEIGHT - MARGIN))


def _sorted_words(key: str) -> str:
    """What fuzz.token_sort_ratio compares a string as."""
    return " ".join(sorted(key.split()))


class NameIndex:
    """The match keys of the names of ``records`` (each record with one or more names)."""

    __slots__ = ("keys", "sorted_keys", "owners", "by_rare")

    def __init__(self, names: Iterable[Sequence[str]]):
        keys: list[str] = []
        owners: list[int] = []
        for owner, record_names in enumerate(names):
            for name in record_names:
                key = match_key(name) if name else ""
                if key:  # an empty key scores 0 against everything
                    keys.append(key)
                    owners.append(owner)
        frequency = Counter(w for key in keys for w in set(key.split()))
        by_rare: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            rare = min(set(key.split()), key=lambda w: (frequency[w], w))
            by_rare.setdefault(rare, []).append(i)
        self.keys = keys
        self.sorted_keys = [_sorted_words(key) for key in keys]
        self.owners = owners
        self.by_rare = {w: tuple(ix) for w, ix in by_rare.items()}

    def near(self, name: str, min_score: float) -> list[int]:
        """Positions of the records (ascending) one of whose names may score ``min_score`` or more
        against ``name``; every other record scores less."""
        needle = match_key(name) if name else ""
        if not needle or not self.keys:
            return []
        hits: set[int] = set()
        by_rare = self.by_rare
        for word in needle.split():
            found = by_rare.get(word)
            if found is not None:
                hits.update(found)
        keys, floor = self.keys, min_score - MARGIN
        for _key, sort_score, i in process.extract(_sorted_words(needle), self.sorted_keys, scorer=fuzz.ratio,
                                                   processor=None, score_cutoff=sort_cutoff(min_score), limit=None):
            if SET_WEIGHT * fuzz.token_set_ratio(needle, keys[i]) + SORT_WEIGHT * sort_score >= floor:
                hits.add(i)
        if not hits:
            return []
        owners = self.owners
        return sorted({owners[i] for i in hits})
