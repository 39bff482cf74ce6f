"""Real name variants against the shared matcher (the one the rules service uses)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from humanrights.matching import best_matches, directed_score, match_key, normalise_name, score

from .variants import REGISTER, VARIANTS, evaluate


def _best(query, country):
    hits = best_matches(query, country or None, REGISTER)
    return hits[0][0] if hits else None


@pytest.mark.parametrize("query,country,expected", [v for v in VARIANTS if v[2]])
def test_true_variants_find_their_record(query, country, expected):
    assert _best(query, country) == expected


@pytest.mark.parametrize("query,country,expected", [v for v in VARIANTS if v[2] is None])
def test_different_bodies_do_not_match(query, country, expected):
    assert _best(query, country) is None


def test_labelled_set_recall_and_precision():
    result = evaluate(_best)
    assert result["recall"] == 1.0 and result["precision"] == 1.0, result["wrong"]


def test_transliteration_and_diacritics_give_one_key():
    assert match_key("Rosoboronexport") == match_key("Rosoboroneksport") == match_key("Рособоронэкспорт")
    assert match_key("Zhōngguó") == match_key("Zhongguo")
    assert match_key("Dmitriy") == match_key("Dmitry") == match_key("Dmitrii")


def test_abbreviations_and_ampersand():
    assert score("XPCC PSB", "Xinjiang Production & Construction Corps Public Security Bureau") == 100
    assert score("Smith & Sons", "Smith and Sons") == 100


def test_word_order_does_not_matter():
    assert score("Public Security Bureau of Xinjiang", "Xinjiang Public Security Bureau") == 100


def test_ministry_is_not_a_bureau():
    assert score("Ministry of Public Security", "Xinjiang Public Security Bureau") < 85


def test_unit_of_needs_a_unit_word():
    xpcc = [("xpcc", ["XPCC Public Security Bureau"], "CN")]
    assert best_matches("XPCC Public Security Bureau, Kashgar branch", "CN", xpcc)
    assert directed_score("XPCC Public Security Bureau Kashgar branch", "XPCC PSB") >= 95
    assert directed_score("XPCC Public Security Bureau Hotel and Restaurant Management", "XPCC PSB") < 95


def test_several_countries_per_candidate():
    person = [("p", ["Zhu Hailun"], ("CN", "HK"))]
    assert best_matches("Zhu Hailun", "HK", person)[0][1] == 100
    assert best_matches("Zhu Hailun", "FR", person)[0][1] == 85


def test_another_kind_of_body_is_not_the_registered_one():
    # 'Myanmar Economic Corporation Limited' is 'Myanmar Economic' once the legal form is dropped
    assert directed_score("Myanmar Economic Bank", "Myanmar Economic Corporation Limited") < 80
    assert directed_score("Myanmar Economic Corporation", "Myanmar Economic Corporation Limited") == 100
    assert directed_score("Comercial Bamk of Syria", "Commercial Bank of Syria") >= 90  # misspelt, not another kind


def test_a_replaced_distinctive_word_is_another_body():
    assert directed_score("Shiraz Electronics Industries", "Iran Electronics Industries") < 80
    assert directed_score("Urumqi Public Security Bureau", "Xinjiang Public Security Bureau") < 80
    assert directed_score("Xinjang Public Security Bureau", "Xinjiang Public Security Bureau") >= 90
    # transliterations of one word are the same word: not capped as another body
    assert directed_score("Muhammad Qadhafi", "Mohammed Gaddafi") == score("Muhammad Qadhafi", "Mohammed Gaddafi") > 75
    # nor are words written together or apart
    assert directed_score("Mohammed Abdulaziz", "Mohammed Abd al-Aziz") == score("Mohammed Abdulaziz",
                                                                                 "Mohammed Abd al-Aziz") > 85
    assert directed_score("Melli Bank", "Bankmelli") > 85


def test_common_words_alone_are_no_registered_name():
    assert directed_score("Commercial Bank", "Commercial Bank of Syria") < 80
    assert directed_score("Commercial Bank of Syria", "Commercial Bank of Syria") == 100


# The match key as first written (character by character, each fold tried on each word): the reference
# the faster match_key must equal.
def _reference_normalise(s: str) -> str:
    import unicodedata

    from anyascii import anyascii

    from humanrights.matching import ABBREVIATIONS, NOISE, _join_initials

    if not s:
        return ""
    decomposed = unicodedata.normalize("NFKD", s)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = stripped if stripped.isascii() else anyascii(stripped)
    text = text.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(ABBREVIATIONS.get(tok, tok) for tok in _join_initials(text.split()) if tok not in NOISE)


def _reference_match_key(s: str) -> str:
    import re

    from humanrights.matching import _FOLDS, STOPWORDS

    def fold(token):
        for a, b in _FOLDS:
            if a in token:
                token = token.replace(a, b)
        return re.sub(r"(.)\1+", r"\1", token)

    return " ".join(fold(t) for t in _reference_normalise(s).split() if t not in STOPWORDS)


_NAMES = sorted({q for q, _, _ in VARIANTS} | {n for _, names, _ in REGISTER for n in names})


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=60) | st.sampled_from(_NAMES) | st.lists(
    st.sampled_from(_NAMES) | st.text(alphabet="aA &'.,-ßÉéœŒﬁ’İıǅ²½٣ΣσςКк中ㄱ\u0301\u00a0\ud800\x00", max_size=6), max_size=6
).map(" ".join))
def test_match_key_equals_the_reference(name):
    assert match_key(name) == _reference_match_key(name)
    assert normalise_name(name) == _reference_normalise(name)


def test_match_key_of_every_labelled_name_equals_the_reference():
    for name in _NAMES:
        assert match_key(name) == _reference_match_key(name), name
