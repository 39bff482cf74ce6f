"""The screening path reads the entries and the stored match keys with the candidates (one query, no
second look-up); it must give exactly what the matcher gives on the names read back through the ORM."""

import pytest

from humanrights import matching, screening, selectors
from humanrights.models import ScreeningEntry

from .variants import VARIANTS

pytestmark = pytest.mark.django_db


def _reference(name, country):
    """list_matches as it was: keys computed again from the names, entries read with the ORM."""
    names, countries = {}, {}
    for entry_id, listed, _key, cs in selectors.list_name_candidates(matching.match_key(name)):
        names.setdefault(entry_id, []).append(listed)
        countries[entry_id] = tuple(cs or ())
    found = matching.best_matches(name, country, ((i, ns, countries[i] or None) for i, ns in names.items()))
    entries = ScreeningEntry.objects.select_related("screening_list").in_bulk([i for i, _s, _m in found])
    out = []
    for entry_id, s, matched in found:
        e = entries[entry_id]
        what = screening._("entry %(id)s of the list '%(list)s' (%(programme)s)") % {
            "id": e.source_id, "list": e.screening_list.name, "programme": e.programme or e.kind}
        out.append(screening.Match("list_entry", e.pk, f"{e.name} [{e.screening_list.name} {e.source_id}]", matched,
                                   s, screening._reason(name, matched, what, s, country, tuple(e.countries))))
    return out


def _typo(name, k):
    return name[:k] + name[k + 1:]


def test_list_matches_equal_the_matcher_on_orm_reads(eu_list):
    queries = [(q, c) for q, c, _e in VARIANTS]
    for i, e in enumerate(ScreeningEntry.objects.all()):
        for n in [e.name, *e.aliases]:
            queries += [(n, e.countries[0] if e.countries else ""), (_typo(n, i % max(len(n), 1)), "FR")]
    found = 0
    for q, c in queries:
        got = screening.list_matches(q, c)
        assert got == _reference(q, c), q
        found += bool(got)
    assert found > len(queries) // 3  # the comparison covers real hits, not only empty answers


def test_candidates_keep_their_shape():
    assert selectors.list_name_candidates("") == []
