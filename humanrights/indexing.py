"""The screening index of a list: each name's match key and the words (tokens) it is found by.

Candidate retrieval (selectors.list_name_candidates) looks the words of a screened name up in the
vocabulary, exactly and, for words it does not hold (typos, other transliterations), by trigram
similarity (pg_trgm), then ranks the names holding the rarest of those words. Every look-up is an index
probe, so it stays fast at millions of names; rapidfuzz then scores the few candidates."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .matching import match_key
from .models import ScreeningName, ScreeningToken

TOKEN_MAX = 100
_Link = ScreeningName.tokens.through


def tokens_of(key: str) -> list[str]:
    return list(dict.fromkeys(t[:TOKEN_MAX] for t in key.split()))


def _chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def refresh_df(token_ids) -> None:
    ids = list(token_ids)
    counts = (_Link.objects.filter(screeningtoken_id=OuterRef("pk")).order_by().values("screeningtoken_id")
              .annotate(c=Count("*")).values("c"))
    for chunk in _chunks(ids, 10000):
        ScreeningToken.objects.filter(pk__in=chunk).update(df=Coalesce(Subquery(counts), 0))


def clear_list(lst) -> None:
    """Delete a list's entries (and names), keeping word counts right."""
    old = set(_Link.objects.filter(screeningname__screening_list=lst).values_list("screeningtoken_id", flat=True))
    lst.entries.all().delete()
    refresh_df(old)


def index_entries(lst, entries) -> int:
    """Create the names and word links of freshly created entries; returns the number of names."""
    names = ScreeningName.objects.bulk_create(
        [ScreeningName(entry=e, screening_list=lst, name=n[:500], key=k[:500])
         for e in entries for n in dict.fromkeys([e.name, *e.aliases]) if (k := match_key(n))],
        batch_size=5000,
    )
    vocab = sorted({t for n in names for t in tokens_of(n.key)})
    ScreeningToken.objects.bulk_create([ScreeningToken(token=t) for t in vocab], ignore_conflicts=True,
                                       batch_size=5000)
    ids: dict[str, int] = {}
    for chunk in _chunks(vocab, 5000):
        ids.update(ScreeningToken.objects.filter(token__in=chunk).values_list("token", "id"))
    _Link.objects.bulk_create(
        [_Link(screeningname_id=n.pk, screeningtoken_id=ids[t]) for n in names for t in tokens_of(n.key)],
        batch_size=10000,
    )
    refresh_df(ids.values())
    return len(names)
