"""Legal edges found by the red-team of the engine: each rule both ways (fires / does not fire), on the
factory snapshot and, where the shipped reference data matter, on the realistic one."""

from dataclasses import replace
from datetime import date

import pytest

from licensing.rules import evaluate

from .factories import item, request, snapshot
from .realistic import realistic_snapshot

TODAY = date(2026, 11, 23)


def run(req, snap=None):
    result = evaluate(req, snap or snapshot())
    return result["recommendation"], {f["rule"] for f in result["findings"]}, result


def real(*items, **kw):
    kw.setdefault("as_of", TODAY)
    kw.setdefault("version_id", "02021R0821-20251115")
    return run(request(*items, **kw), realistic_snapshot())


def findings(result, rule):
    return [f for f in result["findings"] if f["rule"] == rule]


# --- the end user's country: sanctions "for use in", Art. 4(1)(b), GA final destination -------------
def test_sanctions_apply_to_the_end_users_country_not_only_the_destination():
    via_us = real(item("2B001.a"), destination="US", end_user_country="RU")
    in_us = real(item("2B001.a"), destination="US", end_user_country="US")
    assert via_us[0] == "deny" and "sanctions_prohibition" in via_us[1]
    assert "general_authorisation" not in via_us[1] and "general_authorisation_excluded" in via_us[1]
    assert in_us[0] == "general_authorisation" and "sanctions_prohibition" not in in_us[1]
    text = findings(via_us[2], "sanctions_prohibition")[0]
    assert "RU (the end user's country)" in text["explanation"]
    assert "het land van de eindgebruiker" in text["explanation_nl"]


def test_intra_eu_transfer_for_an_end_user_in_a_sanctioned_country_is_prohibited():
    rec, rules, _ = real(item("2B001.a"), destination="DE", export_type="intra_eu_transfer",
                         end_user_country="RU")
    assert rec == "deny" and "sanctions_prohibition" in rules
    rec, rules, _ = real(item("2B001.a"), destination="DE", export_type="intra_eu_transfer")
    assert rec == "no_licence_required" and "sanctions_prohibition" not in rules


def test_intra_eu_transfer_for_an_end_user_outside_the_union_points_to_article_11_2():
    rec, rules, _ = real(item("2B001.a"), destination="DE", export_type="intra_eu_transfer",
                         end_user_country="IN")
    assert rec == "no_licence_required" and "intra_eu_final_destination" in rules
    rec, rules, _ = real(item("2B001.a"), destination="DE", export_type="intra_eu_transfer")
    assert "intra_eu_final_destination" not in rules


def test_an_end_user_in_a_member_state_is_not_a_foreign_end_user():
    rec, rules, res = real(item("2B001.a"), destination="US", end_user_country="DE")
    assert rec == "general_authorisation" and res["general_authorisation"] == "EU001"


def test_military_catch_all_reads_the_end_users_country():
    rec, rules, res = real(item(None), destination="AE", end_user_type="military", end_user_country="SS")
    assert rec == "ad_hoc_licence_required" and "catch_all_military_embargo" in rules
    assert "SS" in findings(res, "catch_all_military_embargo")[0]["explanation"]
    rec, rules, _ = real(item(None), destination="AE", end_user_type="military", end_user_country="AE")
    assert rec == "no_licence_required" and "catch_all_military_embargo" not in rules


def test_cyber_catch_all_reads_the_end_users_country():
    rec, rules, _ = real(item(None, cyber=True), destination="AE", end_user_type="police_security",
                         end_user_country="CN")
    assert rec == "ad_hoc_licence_required" and "catch_all_cyber_surveillance" in rules
    rec, rules, _ = real(item(None, cyber=True), destination="AE", end_user_type="police_security")
    assert "catch_all_cyber_surveillance" not in rules


@pytest.mark.parametrize("country, usable", [("CN", False), ("PK", False), ("JP", True), ("SG", True)])
def test_eu008_final_destination_must_be_one_it_allows(country, usable):
    rec, rules, res = real(item("5A002.a.2"), destination="SG", end_user_country=country)
    assert (res["general_authorisation"] == "EU008") is usable
    assert ("general_authorisation_excluded" in rules) is not usable


def test_eu007_re_export_outside_eu001_countries_excludes_it():
    kw = {"destination": "IN", "has_icp": True, "intra_group": True}
    assert real(item("3E001"), end_user_country="CN", **kw)[0] == "approve"
    assert real(item("3E001"), **kw)[2]["general_authorisation"] == "EU007"


# --- several general authorisations together ----------------------------------------------------
def test_listed_items_covered_by_different_gas_need_no_licence():
    rec, rules, res = real(item("3A001.a.3"), item("5A002.a.2"), destination="KR")
    assert rec == "general_authorisation" and res["general_authorisation"] == "EU002"
    used = {f["legal_basis"][-6:-1] for f in findings(res, "general_authorisation")}
    assert used == {"EU002", "EU008"}
    assert not any(i["licence_required"] for i in res["items"])


def test_an_item_no_ga_covers_still_needs_a_licence():
    rec, _, res = real(item("3A001.a.3"), item("2B001.a"), destination="KR")
    assert rec == "approve" and res["general_authorisation"] is None
    assert [i["licence_required"] for i in res["items"]] == [False, True]


# --- GA conditions, in English and Dutch ---------------------------------------------------------
@pytest.mark.parametrize("dest, code, ga", [("US", "5A002.a.2", "EU001"), ("KR", "3A001.a.3", "EU002"),
                                            ("TR", "5A001.c", "EU005"), ("SG", "5A002.a.2", "EU008")])
def test_ga_finding_names_every_condition_in_both_languages(dest, code, ga):
    _, _, res = real(item(code), destination=dest)
    f = findings(res, "general_authorisation")[0]
    assert res["general_authorisation"] == ga
    assert "customs-free zone" in f["explanation"] and "customs declaration" in f["explanation"]
    assert "vrije zone" in f["explanation_nl"] and "douaneaangifte" in f["explanation_nl"]
    assert "30 dagen" in f["explanation_nl"] or "10 dagen" in f["explanation_nl"]
    if ga in ("EU005", "EU008"):
        assert "re-export" in f["explanation"] and "wederuitgevoerd" in f["explanation_nl"]


def test_ga_exclusion_reasons_are_in_dutch_in_the_dutch_text():
    _, _, res = real(item("1C351.d.4"), destination="US")
    f = findings(res, "general_authorisation_excluded")[0]
    assert "valt onder Bijlage IV" in f["explanation_nl"] and "is listed in" not in f["explanation_nl"]


def test_eu008_excludes_security_services_not_every_government_end_user():
    """Annex II, Section H, Part 3: EU008 is unusable where the exporter is informed or aware of a security end
    use by the government (1(a)(ii), (b)) or that the end user is a military, police, intelligence or other
    governmental security service (1(e)); a ministry as such is none of these."""
    rec, rules, _ = real(item("5A002.a.2"), destination="SG", end_user_type="police_security")
    assert rec == "approve" and "general_authorisation_excluded" in rules
    assert real(item("5A002.a.2"), destination="SG", end_user_type="government")[0] == "general_authorisation"
    assert real(item("5A002.a.2"), destination="SG")[0] == "general_authorisation"
    assert real(item("5A002.a.2"), destination="US", end_user_type="government")[0] == "general_authorisation"


# --- brokering, technical assistance, transit: every use of Article 4(1) ---------------------------
@pytest.mark.parametrize("kind, article", [("brokering", "Article 6(1)"), ("technical_assistance", "Article 8(1)"),
                                           ("transit", "Article 7(1)")])
def test_services_of_listed_items_catch_a_military_end_use_in_an_embargoed_country(kind, article):
    rec, rules, res = real(item("2B001.a"), destination="SS", export_type=kind, military_end_use=True)
    assert rec == "ad_hoc_licence_required" and "catch_all_military_embargo" in rules
    assert article in findings(res, "catch_all_military_embargo")[0]["legal_basis"]
    rec, rules, _ = real(item("2B001.a"), destination="SS", export_type=kind)
    assert rec == "no_licence_required" and "catch_all_military_embargo" not in rules
    rec, rules, _ = real(item(None), destination="SS", export_type=kind, military_end_use=True)
    assert rec == "no_licence_required" and "catch_all_military_embargo" not in rules  # Art. 6(3) etc.: national


def test_transit_is_a_power_to_prohibit_not_a_licence():
    _, _, res = real(item("2B001.a"), destination="PK", export_type="transit", wmd=True)
    text = findings(res, "catch_all_wmd")[0]["explanation"]
    assert "may prohibit its transit (Article 7(1))" in text


def test_technical_assistance_into_an_eu001_country_is_outside_article_8():
    rec, rules, _ = real(item("2B001.a"), destination="US", export_type="technical_assistance", wmd=True)
    assert rec == "no_licence_required" and "technical_assistance_exempt" in rules
    assert "catch_all_wmd" not in rules and "wmd_end_use" not in rules
    rec, rules, _ = real(item("2B001.a"), destination="PK", export_type="technical_assistance", wmd=True)
    assert rec == "ad_hoc_licence_required" and "technical_assistance_exempt" not in rules
    rec, rules, _ = real(item("2B001.a"), destination="US", export_type="brokering", wmd=True)
    assert rec == "ad_hoc_licence_required"  # no such exemption for brokering


def test_no_refusal_ground_for_a_non_listed_item_outside_articles_6_to_8():
    rec, rules, _ = real(item(None), destination="PK", export_type="brokering", wmd=True)
    assert rec == "no_licence_required" and "wmd_end_use" not in rules


def test_listing_text_for_services_names_every_article_4_1_use():
    _, _, res = real(item("2B001.a"), destination="IN", export_type="brokering")
    text = findings(res, "annex_i_listed")[0]["explanation"]
    assert "Article 4(1) (WMD, or a military end use" in text and "4(1)(a)" not in text


# --- intra-EU transfer of an Annex IV item with a WMD use ----------------------------------------
def test_intra_eu_annex_iv_transfer_with_wmd_awareness_is_refused():
    rec, rules, _ = real(item("1C351.d.4"), destination="DE", export_type="intra_eu_transfer", wmd=True)
    assert rec == "deny" and "wmd_end_use" in rules
    rec, rules, _ = real(item("2B001.a"), destination="DE", export_type="intra_eu_transfer", wmd=True)
    assert rec == "no_licence_required" and "wmd_end_use" not in rules


# --- EU003 / EU004: only for their stated purpose ------------------------------------------------
def with_purpose(purpose, *items, **kw):
    base = request(*items, as_of=TODAY, version_id="02021R0821-20251115", **kw)
    return replace(base, purpose=purpose)


@pytest.mark.parametrize("purpose, ga", [("repair", "EU003"), ("exhibition", "EU004")])
def test_eu003_eu004_apply_only_for_their_purpose(purpose, ga):
    rec, rules, res = run(with_purpose(purpose, item("2B001.a"), destination="BR"), realistic_snapshot())
    assert rec == "general_authorisation" and res["general_authorisation"] == ga
    rec, _, res = run(with_purpose("", item("2B001.a"), destination="BR"), realistic_snapshot())
    assert rec == "approve" and res["general_authorisation"] is None


def test_eu004_excludes_technology_and_sanctions_still_prevail():
    rec, rules, _ = run(with_purpose("exhibition", item("2E001"), destination="BR"), realistic_snapshot())
    assert rec == "approve" and "general_authorisation_excluded" in rules
    rec, rules, _ = run(with_purpose("repair", item("2B001.a"), destination="RU"), realistic_snapshot())
    assert rec == "deny" and "general_authorisation" not in rules


# --- Article 4(1)(c): parts of military items exported without authorisation ----------------------
def with_parts(aware, *items, **kw):
    base = request(*items, as_of=TODAY, version_id="02021R0821-20251115", **kw)
    return replace(base, unlicensed_military_parts=aware)


def test_article_4_1_c_catches_non_listed_items_and_bars_general_authorisations():
    rec, rules, res = run(with_parts(True, item(None), destination="IN"), realistic_snapshot())
    assert rec == "ad_hoc_licence_required" and "catch_all_military_parts" in rules
    assert "Article 4(1)(c)" in findings(res, "catch_all_military_parts")[0]["legal_basis"]
    assert run(with_parts(False, item(None), destination="IN"), realistic_snapshot())[0] == "no_licence_required"
    rec, rules, _ = run(with_parts(True, item("5A002.a.2"), destination="US"), realistic_snapshot())
    assert rec == "approve" and "general_authorisation_excluded" in rules and "general_authorisation" not in rules
    rec, rules, _ = run(with_parts(True, item("2B001.a"), destination="IN", export_type="brokering"),
                        realistic_snapshot())
    assert rec == "ad_hoc_licence_required" and "catch_all_military_parts" in rules


# --- customs-free zones and free warehouses -------------------------------------------------------
def to_free_zone(flag, *items, **kw):
    base = request(*items, as_of=TODAY, version_id="02021R0821-20251115", **kw)
    return replace(base, free_zone=flag)


@pytest.mark.parametrize("dest, code", [("US", "5A002.a.2"), ("KR", "3A001.a.3"), ("SG", "5A002.a.2")])
def test_a_free_zone_excludes_the_general_authorisations_that_say_so(dest, code):
    rec, rules, _ = run(to_free_zone(True, item(code), destination=dest), realistic_snapshot())
    assert rec == "approve" and "general_authorisation_excluded" in rules
    assert run(to_free_zone(False, item(code), destination=dest), realistic_snapshot())[0] == "general_authorisation"


# --- an entry only partly in Annex IV -----------------------------------------------------------------
def test_a_code_above_its_annex_iv_sub_items_asks_for_the_sub_item():
    """Annex IV lists only some acoustic sub-items of 6A001 ("limited to the following"): a transfer declared
    under 6A001 points to them; one under such a sub-item needs an authorisation; one under a sub-item
    outside Annex IV neither."""
    rec, rules, res = real(item("6A001"), export_type="intra_eu_transfer", destination="DE")
    assert rec == "no_licence_required" and "intra_eu_annex_iv_partial" in rules
    assert "intra_eu_annex_iv" not in rules and "intra_eu_not_annex_iv" not in rules
    partial = findings(res, "intra_eu_annex_iv_partial")[0]
    assert "6A001.a.2.b" in partial["explanation"] and "6A001.a.2.b.1" not in partial["explanation"]
    assert "Bijlage IV" in partial["explanation_nl"]
    rec, rules, _ = real(item("6A001.a.2.b"), export_type="intra_eu_transfer", destination="DE")
    assert rec == "approve" and "intra_eu_annex_iv" in rules and "intra_eu_annex_iv_partial" not in rules
    rec, rules, _ = real(item("6A001.b"), export_type="intra_eu_transfer", destination="DE")
    assert rec == "no_licence_required" and "intra_eu_not_annex_iv" in rules
    assert "intra_eu_annex_iv_partial" not in real(item("6A001"), destination="US")[1]  # exports: Annex I decides
