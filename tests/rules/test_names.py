"""The blocking index over register names (licensing/rules/names.py) gives exactly the matches of
scoring every record: end-user concerns (Compiled.name_matches) and denials (Compiled.denials_near)
over register names, their variants (typos in every word, units, abbreviations, legal forms, word
order, scripts) and random names."""

from __future__ import annotations

import random
import string
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from humanrights.matching import ABBREVIATIONS, SAME_COUNTRY_BONUS, directed_score
from licensing.rules.context import Compiled
from licensing.rules.families.denials import NAME_THRESHOLD
from licensing.rules.names import NameIndex
from licensing.rules.snapshot import Denial, EndUserConcern, Snapshot
from tests.humanrights.variants import REGISTER, VARIANTS

from .factories import NEW, OLD
from .realistic import realistic_snapshot

COUNTRIES = ("CN", "RU", "MM", "SY", "IR", "US", "AE", "")
WORDS = ("Shenzhen", "Global", "Pacific", "Nova", "Star", "Tech", "Precision", "Atlas", "Zenith", "Systems",
         "Trading", "Electronics", "Research", "Institute", "Bank", "Security", "Public", "Bureau", "Ministry",
         "Corporation", "Industries", "Holdings", "Economic", "Group", "China", "Xinjiang", "Branch", "Office")


def _synthetic(n: int, seed: int) -> list[tuple[str, list[str], str]]:
    """Register records made of common words, so that many share words with each other."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = rng.sample(WORDS, rng.randint(1, 4))
        alias = [" ".join(w[0] for w in words)] if rng.random() < 0.3 else []
        out.append((f"syn{i}", [" ".join(words), *alias], rng.choice(COUNTRIES[:-1])))
    return out


RECORDS = [(key, names, country) for key, names, country in REGISTER] + _synthetic(150, 3)
CONCERNS = tuple(EndUserConcern(names[0], tuple(names[1:]), country, "basis", "source", record=f"end-user-concern:{key}")
                 for key, names, country in RECORDS) + tuple(realistic_snapshot().end_user_concerns)
DENIALS = tuple(Denial(f"D{i}", "DE", (), names[0], names[-1] if len(names) > 1 else "", country, "",
                       date(2025, 1, 1)) for i, (_key, names, country) in enumerate(RECORDS))
SNAP = Snapshot(versions=(OLD, NEW), end_user_concerns=CONCERNS, denials=DENIALS)
COMP = Compiled(SNAP)

REGISTERED = sorted({n for c in CONCERNS for n in (c.name, *c.aliases)})
QUERIES = sorted({q for q, _, _ in VARIANTS})


@st.composite
def variants(draw) -> str:
    """A register name or a labelled query, changed a few times the way names are misspelt."""
    name = draw(st.sampled_from(REGISTERED + QUERIES))
    for _ in range(draw(st.integers(0, 4))):
        words = name.split() or [""]
        i = draw(st.integers(0, len(words) - 1))
        w = words[i]
        kind = draw(st.sampled_from(("typo", "typo", "drop", "swap", "add", "abbrev", "case", "unit")))
        if kind == "typo" and w:
            j = draw(st.integers(0, len(w) - 1))
            c = draw(st.sampled_from(string.ascii_lowercase))
            w = draw(st.sampled_from((w[:j] + w[j + 1:], w[:j] + c + w[j:], w[:j] + c + w[j + 1:],
                                      w[:j] + w[j + 1:j + 2] + w[j:j + 1] + w[j + 2:])))
            words[i] = w
        elif kind == "drop" and len(words) > 1:
            del words[i]
        elif kind == "swap":
            words.reverse()
        elif kind == "add":
            words.insert(i, draw(st.sampled_from(WORDS + ("Ltd", "JSC", "Co.", "&", "of", "the"))))
        elif kind == "abbrev":
            words[i] = draw(st.sampled_from(sorted(ABBREVIATIONS)))
        elif kind == "case":
            words[i] = w.upper()
        elif kind == "unit":
            words.append(draw(st.sampled_from(("Kashgar branch", "Research Institute", "Office", "Division"))))
        name = " ".join(words)
    return name


names = variants() | st.text(alphabet=string.ascii_letters + " .-&'", max_size=40) | st.lists(
    st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, names | st.just(""), st.sampled_from(COUNTRIES))
def test_indexed_end_user_matches_equal_the_full_scan(name, consignee, country):
    indexed = COMP.name_matches(name, consignee, country)
    assert indexed == COMP.name_matches(name, consignee, country, indexed=False)
    assert [(c.record, s, m) for c, s, m in indexed] == [
        (c.record, s, m) for c, s, m in COMP.name_matches(name, consignee, country, indexed=False)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, names | st.just(""))
def test_denials_left_out_score_below_the_threshold(name, consignee):
    """With the screening scorer (directed_score: units, other bodies capped), as the denials rule scores,
    below the threshold even with the same-country bonus."""
    requested = tuple(n for n in (name, consignee) if n)
    floor = NAME_THRESHOLD - SAME_COUNTRY_BONUS
    for destination, denials in COMP.denials_by_destination.items():
        near = COMP.denials_near(destination, requested, floor)
        for position, d in enumerate(denials):
            best = max((directed_score(n, other) for n in requested for other in (d.end_user, d.consignee) if other),
                       default=0.0)
            assert best < floor or position in near, (name, d)


def test_every_labelled_variant_is_found_as_by_the_full_scan():
    for query, country, _expected in VARIANTS:
        assert COMP.name_matches(query, "", country) == COMP.name_matches(query, "", country, indexed=False)


@settings(max_examples=300, deadline=None)
@given(names, st.sampled_from(REGISTERED))
def test_every_name_the_screening_scorer_matches_is_near(name, registered):
    """The precision rules only lower scores: the index's candidates stay a superset of the matches."""
    index = NameIndex([[registered]])
    if directed_score(name, registered) >= NAME_THRESHOLD - 5:
        assert index.near(name, NAME_THRESHOLD - 5) == [0]


def test_the_engine_scores_other_bodies_as_screening_does():
    """'Myanmar Economic Bank' is near the registered 'Myanmar Economic Corporation Limited' but is another
    body: neither an end-user concern nor a denial; a unit of a denied organisation is that organisation."""
    for name, country in (("Myanmar Economic Bank", "MM"), ("Shiraz Electronics Industries", "IR"),
                          ("Commercial Bank", "SY"), ("Electronics Industries", "IR")):
        assert COMP.name_matches(name, "", country) == []
        requested = (name,)
        near = COMP.denials_near(country, requested, NAME_THRESHOLD - SAME_COUNTRY_BONUS)
        assert near, name  # the index keeps them: the full scorer decides
        assert all(max(directed_score(name, o) for o in (d.end_user, d.consignee) if o) < NAME_THRESHOLD - 5
                   for i, d in enumerate(COMP.denials_by_destination[country]) if i in near)
    d = next(d for d in COMP.denials_by_destination["SY"] if d.end_user == "Commercial Bank of Syria")
    assert directed_score("Commercial Bank of Syria, Latakia branch", d.end_user) >= NAME_THRESHOLD


def test_a_typo_in_every_word_is_found_without_a_shared_word():
    """Why the index also keeps a fuzzy pass: these share no word with the registered name."""
    index = NameIndex([["Rosoboronexport"], ["Hangzhou Hikvision Digital Technology Co., Ltd."]])
    assert index.near("Rosoboronexpot", 80) == [0]
    assert index.near("Hangzhuo Hikvison Digitl Tecnology", 80) == [1]
    hits = COMP.name_matches("Rosoboronexpot", "", "RU")
    assert [c.name for c, _, _ in hits] == ["Rosoboronexport"]


def test_the_index_leaves_out_names_far_from_every_record():
    assert COMP.end_user_index.near("Zzyzx Quantum Flowers", 80) == []
    assert len(COMP.end_user_index.near("XPCC Public Security Bureau, Kashgar branch", 80)) < len(CONCERNS) / 4


@settings(max_examples=200, deadline=None)
@given(names, st.sampled_from(REGISTERED))
def test_the_index_compares_words_sorted_as_token_sort_ratio_does(name, registered):
    from rapidfuzz import fuzz

    from humanrights.matching import match_key
    from licensing.rules.names import _sorted_words

    a, b = match_key(name), match_key(registered)
    assert fuzz.ratio(_sorted_words(a), _sorted_words(b)) == fuzz.token_sort_ratio(a, b)
