"""A labelled set of real name variants: (query, country, expected record key or None). Used by
test_matching_variants.py and by bench/bench_screening.py for recall and precision."""

REGISTER = [
    ("xpcc", ["Xinjiang Production and Construction Corps Public Security Bureau", "XPCC Public Security Bureau"], "CN"),
    ("xuar", ["Xinjiang Uyghur Autonomous Region People's Government Public Security Bureau",
              "Xinjiang Public Security Bureau", "XUAR Public Security Bureau"], "CN"),
    ("ifs", ["Institute of Forensic Science of China", "Ministry of Public Security Institute of Forensic Science"], "CN"),
    ("rosoboronexport", ["Rosoboronexport", "Рособоронэкспорт"], "RU"),
    ("almaz", ["Joint-Stock Company Concern Almaz-Antey", "Almaz-Antey Corp"], "RU"),
    ("mehl", ["Myanma Economic Holdings Public Company Limited", "MEHL"], "MM"),
    ("mec", ["Myanmar Economic Corporation Limited", "MEC"], "MM"),
    ("cbs", ["Commercial Bank of Syria"], "SY"),
    ("zhu", ["Zhu Hailun", "朱海仑"], "CN"),
    ("cetc", ["Zhōngguó Diànzǐ Kējì Jítuán Gōngsī", "China Electronics Technology Group Corporation", "CETC"], "CN"),
    ("hik", ["Hangzhou Hikvision Digital Technology Co., Ltd."], "CN"),
    ("iei", ["Iran Electronics Industries", "IEI"], "IR"),
]

VARIANTS = [
    # true matches: case, punctuation, '&', abbreviations, word order, units, typos
    ("Xinjiang Production & Construction Corps Public-Security Bureau", "CN", "xpcc"),
    ("XPCC PSB", "CN", "xpcc"),
    ("Public Security Bureau of the Xinjiang Production and Construction Corps", "CN", "xpcc"),
    ("XINJIANG PRODUCTION AND CONSTRUCTION CORPS, PUBLIC SECURITY BUREAU", "", "xpcc"),
    ("XPCC Public Security Bureau, Kashgar branch", "CN", "xpcc"),
    ("Xinjiang Production and Construction Corps Public Security Bureau", "KZ", "xpcc"),
    ("Xinjang Public Security Bureau", "CN", "xuar"),
    ("XUAR PSB", "CN", "xuar"),
    ("Institute of Forensic Science, Ministry of Public Security", "CN", "ifs"),
    # transliteration and scripts
    ("Rosoboroneksport", "RU", "rosoboronexport"),
    ("ROSOBORONEXPORT JSC", "RU", "rosoboronexport"),
    ("Рособоронэкспорт", "RU", "rosoboronexport"),
    ("Rosoboronexport OAO", "", "rosoboronexport"),
    ("Almaz Antey", "RU", "almaz"),
    ("Concern Almaz-Antey JSC", "RU", "almaz"),
    ("Алмаз-Антей", "RU", "almaz"),
    ("Zhongguo Dianzi Keji Jituan Gongsi", "CN", "cetc"),
    ("China Electronics Technology Group Corp.", "CN", "cetc"),
    ("Hailun Zhu", "CN", "zhu"),
    ("ZHU Hailun", "", "zhu"),
    ("朱海仑", "CN", "zhu"),
    # legal forms and spelling
    ("Myanmar Economic Holdings Ltd", "MM", "mehl"),
    ("M.E.H.L.", "MM", "mehl"),
    ("Myanmar Economic Corporation", "MM", "mec"),
    ("The Commercial Bank Of Syria S.A.", "SY", "cbs"),
    ("Hangzhou Hikvision Digital Technology Co Ltd", "CN", "hik"),
    ("Hikvision Digital Technology (Hangzhou)", "CN", "hik"),
    ("Iran Electronics Industries Co.", "IR", "iei"),
    ("Myanmar Economic Corp.", "MM", "mec"),
    ("Myanma Economic Holdings Limited", "MM", "mehl"),
    ("Iran Electronic Industries", "IR", "iei"),
    ("Hangzhou Hikvision Digital Technology Company Limited", "CN", "hik"),
    ("Public Security Bureau of Xinjiang Uygur Autonomous Region", "CN", "xuar"),
    ("ZHU, Hailun", "CN", "zhu"),
    ("AO Rosoboroneksport", "RU", "rosoboronexport"),
    ("Рособоронэкспорт АО", "RU", "rosoboronexport"),
    ("Concern VKO Almaz-Antey", "RU", "almaz"),
    # units of a registered organisation
    ("Commercial Bank of Syria, Latakia branch", "SY", "cbs"),
    ("China Electronics Technology Group Corporation 14th Research Institute", "CN", "cetc"),
    ("Myanmar Economic Corporation, Mandalay office", "MM", "mec"),
    # false matches: similar words, different bodies
    ("Ministry of Public Security", "CN", None),
    ("Ministry of State Security", "CN", None),
    ("Beijing Public Security Bureau", "CN", None),
    ("Shanghai Municipal Public Security Bureau", "CN", None),
    ("Commercial Bank of Dubai", "AE", None),
    ("Bank of China", "CN", None),
    ("Almaz Trading LLC", "RU", None),
    ("Myanmar Economic Bank", "MM", None),
    ("Rosatom", "RU", None),
    ("Rostec", "RU", None),
    ("Wang Junzheng", "CN", None),
    ("China Electronics Import and Export Corporation", "CN", None),
    ("Iran Aircraft Industries", "IR", None),
    ("Xinjiang Tianshan Wool Textile", "CN", None),
    ("Institute of Physics, Chinese Academy of Sciences", "CN", None),
    ("Moscow Institute of Physics and Technology", "RU", None),
    ("Syrian Arab Airlines", "SY", None),
    ("Hikma Pharmaceuticals", "JO", None),
    # another kind of body with the words of a registered name
    ("Myanmar Economic Holdings Bank", "MM", None),
    ("Xinjiang University", "CN", None),
    ("China Construction Bank", "CN", None),
    # another organisation of the same country: a distinctive word replaced
    ("Shiraz Electronics Industries", "IR", None),
    ("Iran Communications Industries", "IR", None),
    ("Central Bank of Syria", "SY", None),
    ("Industrial Bank of Syria", "SY", None),
    ("Real Estate Bank of Syria", "SY", None),
    ("Urumqi Public Security Bureau", "CN", None),
    ("Myanma Foreign Trade Bank", "MM", None),
    ("Myanmar Investment and Commercial Bank", "MM", None),
    ("Hangzhou Dahua Technology", "CN", None),
    # common words only
    ("Commercial Bank", "SY", None),
    ("Electronics Industries", "IR", None),
    ("Public Security", "CN", None),
    ("Economic Corporation", "MM", None),
    ("Technology Group Corporation", "CN", None),
]


def evaluate(predict) -> dict:
    """predict(query, country) -> best record key or None. Returns counts, recall and precision."""
    tp = fp = fn = 0
    wrong = []
    for query, country, expected in VARIANTS:
        got = predict(query, country)
        if got == expected:
            tp += got is not None
        else:
            if got is not None:
                fp += 1
            if expected is not None:
                fn += 1
            wrong.append((query, country, expected, got))
    return {"tp": tp, "fp": fp, "fn": fn, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "precision": tp / (tp + fp) if tp + fp else 1.0, "wrong": wrong}
