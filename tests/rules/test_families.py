"""Each rule family both ways (fires / does not fire) on the compact factory snapshot."""

from datetime import date

from licensing.rules import evaluate

from .factories import item, request, snapshot


def run(req, snap=None, audience="officer"):
    result = evaluate(req, snap or snapshot(), audience=audience)
    return result["recommendation"], {f["rule"] for f in result["findings"]}, result


# --- listing -----------------------------------------------------------------------------------
def test_listed_item_needs_licence_unless_ga():
    rec, rules, res = run(request(item("2B001.a"), destination="IN"))
    assert rec == "approve" and "annex_i_listed" in rules
    assert res["items"][0]["licence_required"] is True


def test_non_listed_item_needs_nothing():
    rec, rules, res = run(request(item(None), destination="US"))
    assert rec == "no_licence_required" and rules == {"not_listed"}
    assert res["items"][0]["licence_required"] is False


def test_intra_eu_annex_iv_needs_licence():
    rec, rules, _ = run(request(item("6A001.a"), destination="DE", export_type="intra_eu_transfer"))
    assert rec == "approve" and "intra_eu_annex_iv" in rules


def test_intra_eu_non_annex_iv_needs_nothing():
    rec, rules, _ = run(request(item("5A001.j"), destination="DE", export_type="intra_eu_transfer"))
    assert rec == "no_licence_required" and "intra_eu_annex_iv" not in rules and "general_authorisation" not in rules


# --- sanctions ---------------------------------------------------------------------------------
def test_full_dual_use_ban_prohibits_listed():
    rec, rules, _ = run(request(item("2B001.a"), destination="RU"))
    assert rec == "deny" and "sanctions_prohibition" in rules


def test_dual_use_ban_does_not_touch_non_listed():
    rec, rules, _ = run(request(item(None), destination="RU"))
    assert "sanctions_prohibition" not in rules and rec == "no_licence_required"


def test_ban_dates_matter():
    before = request(item("2B001"), destination="IR", as_of=date(2025, 9, 29))
    after = request(item("2B001"), destination="IR", as_of=date(2025, 9, 30))
    assert "sanctions_prohibition" not in run(before)[1]
    assert "sanctions_prohibition" in run(after)[1]


def test_ban_until_is_exclusive():
    from .factories import measure
    snap = snapshot(measures=(measure("RU", "dual_use_export_ban", until=date(2026, 1, 1)),))
    assert "sanctions_prohibition" not in run(request(item("2B001.a"), destination="RU"), snap)[1]


def test_partial_ban_military_only():
    civil = request(item("2B001.a"), destination="MM", end_user_type="commercial")
    military = request(item("2B001.a"), destination="MM", end_user_type="military")
    assert "sanctions_prohibition" not in run(civil)[1] and "sanctions_scope_check" in run(civil)[1]
    assert run(military)[0] == "deny" and "sanctions_prohibition" in run(military)[1]


def test_telecom_ban_government_refused_commercial_needs_authorisation():
    gov = request(item(None, cyber=True), destination="SY", end_user_type="government")
    com = request(item(None, cyber=True), destination="IR", end_user_type="commercial")
    assert run(gov)[0] == "deny"
    rec, rules, _ = run(com)
    assert "sanctions_authorisation" in rules and "sanctions_prohibition" not in rules and rec == "approve"


def test_telecom_ban_ignores_non_cyber_items():
    rec, rules, _ = run(request(item(None), destination="SY", end_user_type="government"))
    assert "sanctions_prohibition" not in rules and rec == "no_licence_required"


# --- embargo -----------------------------------------------------------------------------------
def test_embargo_military_listed_is_refusal():
    rec, rules, res = run(request(item("2B001.a"), destination="MM", end_user_type="military"))
    assert "arms_embargo" in rules


def test_partial_embargo_is_consideration_only():
    rec, rules, res = run(request(item("2B001.a"), destination="LB", military_end_use=True))
    f = [f for f in res["findings"] if f["rule"] == "arms_embargo"][0]
    assert f["effect"] == "consult" and rec == "approve"


def test_political_declaration_is_not_an_embargo():
    rec, rules, _ = run(request(item(None), destination="CN", end_user_type="military", military_end_use=True))
    assert "arms_embargo" not in rules and "catch_all_military_embargo" not in rules
    assert "political_declaration" in rules and rec == "no_licence_required"


# --- catch-all ---------------------------------------------------------------------------------
def test_catch_all_wmd_both_ways():
    assert run(request(item(None), destination="IN", wmd=True))[0] == "ad_hoc_licence_required"
    assert "catch_all_wmd" not in run(request(item(None), destination="IN"))[1]


def test_catch_all_wmd_only_for_non_listed():
    rec, rules, _ = run(request(item("2B001.a"), destination="IN", wmd=True))
    assert "catch_all_wmd" not in rules and rec == "deny" and "wmd_end_use" in rules


def test_catch_all_military_embargo_both_ways():
    assert "catch_all_military_embargo" in run(request(item(None), destination="LB", military_end_use=True))[1]
    assert "catch_all_military_embargo" not in run(request(item(None), destination="IN", military_end_use=True))[1]
    assert "catch_all_military_embargo" not in run(request(item(None), destination="LB"))[1]


def test_catch_all_cyber_both_ways():
    police = request(item(None, cyber=True), destination="CN", end_user_type="police_security")
    company = request(item(None, cyber=True), destination="US", end_user_type="police_security")
    assert run(police)[0] == "ad_hoc_licence_required" and "catch_all_cyber_surveillance" in run(police)[1]
    assert "catch_all_cyber_surveillance" not in run(company)[1]


def test_catch_all_cyber_on_declaration_anywhere():
    rec, rules, _ = run(request(item(None, cyber=True), destination="US", internal_repression=True))
    assert rec == "ad_hoc_licence_required" and "catch_all_cyber_surveillance" in rules


def test_notified_catch_all_is_assessed_as_application():
    req = request(item(None, cyber=True), destination="CN", end_user_type="police_security",
                  licence_requirement_notified=True)
    rec, rules, res = run(req)
    assert rec == "deny" and "human_rights_risk" in rules and res["items"][0]["licence_required"]


# --- human rights & end user ------------------------------------------------------------------
def test_human_rights_risk_needs_a_licence_context():
    rec, rules, _ = run(request(item(None), destination="CN", end_user_type="commercial"))
    assert "human_rights_risk" not in rules
    rec, rules, _ = run(request(item("2B001.a"), destination="CN", end_user_type="police_security"))
    assert rec == "deny" and "human_rights_risk" in rules


def test_end_user_concern_matches_and_is_redacted_for_exporters():
    req = request(item(None, cyber=True), destination="CN",
                  end_user_name="Xinjiang Production & Construction Corps Public-Security Bureau")
    rec, rules, res = run(req)
    assert "end_user_concern" in rules and rec == "ad_hoc_licence_required"
    _, _, exp = run(req, audience="exporter")
    text = " ".join(f["explanation"] + " ".join(f["sources"]) for f in exp["findings"])
    assert "Reg 2021/478" not in text and "end-user-concern:" not in text
    assert any(f["rule"] == "end_user_concern" for f in exp["findings"])


def test_end_user_concern_does_not_fire_for_other_bodies():
    req = request(item(None, cyber=True), destination="CN", end_user_name="Ministry of Public Security")
    assert "end_user_concern" not in run(req)[1]


# --- denials -----------------------------------------------------------------------------------
def test_denial_by_other_member_state_needs_consultation():
    req = request(item("5A001.j.1" if False else "5A001.j"), destination="AE", end_user_name="Example Telecom Authority")
    rec, rules, res = run(req)
    assert "denial_consultation" in rules and "own_denial" in rules and rec == "approve"
    _, rules_exp, _ = run(req, audience="exporter")
    assert "denial_consultation" not in rules_exp and "authority_consultation" in rules_exp


def test_denial_older_than_three_years_or_other_destination_ignored():
    old = request(item("5A001.j"), destination="AE", end_user_name="Example Telecom Authority",
                  as_of=date(2027, 5, 2))
    other = request(item("5A001.j"), destination="SA", end_user_name="Example Telecom Authority")
    unrelated = request(item("2B001.a"), destination="AE", end_user_name="Example Telecom Authority")
    for req in (old, other, unrelated):
        assert "denial_consultation" not in run(req)[1]


# --- general authorisations --------------------------------------------------------------------
def test_eu001_covers_us():
    rec, rules, res = run(request(item("5A002.a.2"), destination="US"))
    assert rec == "general_authorisation" and res["general_authorisation"] == "EU001"


def test_section_i_item_to_us_needs_licence():
    rec, rules, res = run(request(item("9A117"), destination="US"))
    assert rec == "approve" and "general_authorisation_excluded" in rules


def test_eu002_korea():
    rec, _, res = run(request(item("3A001.a.3"), destination="KR"))
    assert rec == "general_authorisation" and res["general_authorisation"] == "EU002"
    assert run(request(item("2B001.a"), destination="KR"))[0] == "approve"


def test_eu007_needs_intra_group_and_icp():
    ok = request(item("5D002.c.1"), destination="SG", intra_group=True, has_icp=True)
    no_icp = request(item("4D001"), destination="IN", intra_group=True, has_icp=False)
    cyber = request(item("4D004"), destination="IN", intra_group=True, has_icp=True)
    assert run(ok)[2]["general_authorisation"] in ("EU007", "EU008")
    assert run(no_icp)[0] == "approve" and "general_authorisation_excluded" in run(no_icp)[1]
    assert run(cyber)[0] == "approve"


def test_eu008_excluded_destination_and_security_end_user():
    assert run(request(item("5A002.a.2"), destination="SG"))[2]["general_authorisation"] == "EU008"
    assert run(request(item("5A002.a.2"), destination="CN"))[0] == "approve"
    assert run(request(item("5A002.a.2"), destination="SG", end_user_type="police_security"))[0] == "approve"
    assert run(request(item("5A002.a.2"), destination="HT"))[0] == "approve"  # embargoed: Part 2(c)


def test_ga_unavailable_on_wmd_awareness_and_for_brokering():
    assert run(request(item("5A002.a.2"), destination="US", wmd=True))[0] == "deny"
    assert run(request(item("5A002.a.2"), destination="US", export_type="brokering"))[0] == "no_licence_required"


def test_ga_mixed_items_need_licence():
    rec, _, res = run(request(item("5A002.a.2"), item("9A117"), destination="US"))
    assert rec == "approve" and res["items"][0]["licence_required"] is False and res["items"][1]["licence_required"]


def test_brokering_with_wmd_awareness():
    rec, rules, _ = run(request(item("2B001.a"), destination="PK", export_type="brokering", wmd=True))
    assert "catch_all_wmd" in rules and rec == "ad_hoc_licence_required"  # Art. 6(1): authority informs
    rec, rules, _ = run(request(item("2B001.a"), destination="PK", export_type="brokering", wmd=True,
                                licence_requirement_notified=True))
    assert rec == "deny"


def test_version_in_force_is_used():
    res = run(request(item("5A002.a.2"), as_of=date(2022, 1, 1)))[2]
    assert res["control_list_version"] == "V2021"


def test_findings_ordered_by_weight():
    res = run(request(item("2B001.a"), destination="RU"))[2]
    weights = [f["weight"] for f in res["findings"]]
    assert weights == sorted(weights, reverse=True)


def test_notified_transaction_is_a_licence_application_even_without_a_catch_all_situation():
    rec, rules, res = run(request(item(None), destination="JP", licence_requirement_notified=True))
    assert rec == "approve" and "licence_requirement_notified" in rules and res["items"][0]["licence_required"]
    rec, rules, _ = run(request(item(None), destination="DE", export_type="intra_eu_transfer",
                                licence_requirement_notified=True))
    assert rec == "no_licence_required"


def test_ga_does_not_replace_a_sanctions_authorisation():
    from licensing.rules.snapshot import GeneralAuthorisation

    from .factories import GAS, NEW, measure

    ga = GeneralAuthorisation(code="EU005", title="Telecoms", destinations=frozenset({"TR"}), items_included=("5A001",))
    snap = snapshot(versions=(replace_version(NEW, GAS + (ga,)),), measures=(measure("TR", "telecom_monitoring_ban"),))
    rec, rules, res = run(request(item("5A001.j"), destination="TR"), snap)
    assert "general_authorisation" in rules and "sanctions_authorisation" in rules
    assert rec == "approve" and res["items"][0]["licence_required"]


def replace_version(version, gas):
    from dataclasses import replace

    return replace(version, general_authorisations=gas)
