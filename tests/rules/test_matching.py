from humanrights.matching import best_matches, normalise_name, score

XPCC = ("xpcc", ["Xinjiang Production and Construction Corps Public Security Bureau", "XPCC Public Security Bureau"], "CN")
XUAR = ("xuar", ["Xinjiang Uyghur Autonomous Region People's Government Public Security Bureau",
                 "Xinjiang Public Security Bureau", "XUAR Public Security Bureau"], "CN")


def test_normalise():
    assert normalise_name("Xinjiang Production & Construction Corps Public-Security Bureau") == \
        "xinjiang production and construction corps public security bureau"
    assert normalise_name("Société Générale S.A.") == "societe generale"
    assert normalise_name("Huawei Technologies Co., Ltd.") == "huawei technologies"
    assert normalise_name("XPCC PSB") == normalise_name("Xinjiang Production and Construction Corps Public Security Bureau")


def test_xpcc_matches_both_forms():
    hits = best_matches("Xinjiang Production & Construction Corps Public-Security Bureau", "CN", [XPCC, XUAR])
    assert hits[0][0] == "xpcc" and hits[0][1] >= 95
    assert [h[0] for h in hits] == ["xpcc"]


def test_ministry_is_not_a_bureau():
    assert best_matches("Ministry of Public Security", "CN", [XPCC, XUAR]) == []
    assert score("Ministry of Public Security", "Xinjiang Public Security Bureau") < 85


def test_typos_and_units_match():
    assert best_matches("Xinjang Public Security Bureau", "CN", [XUAR])
    assert best_matches("XPCC Public Security Bureau, Kashgar branch", "CN", [XPCC])


def test_country_is_a_signal():
    near = ("k", ["Example Telecom Authority"], "AE")
    assert best_matches("Example Telecom Authority", "AE", [near])
    assert best_matches("Example Telecom Authorty", "SA", [near]) == []


def test_empty_names():
    assert best_matches("", "CN", [XPCC]) == [] and score("", "x") == 0
