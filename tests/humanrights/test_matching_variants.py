"""Real name variants against the shared matcher (the one the rules service uses)."""

import pytest

from humanrights.matching import best_matches, directed_score, match_key, score

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
