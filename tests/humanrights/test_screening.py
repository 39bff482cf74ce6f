"""Screening of application parties against the registers, denials and imported lists."""

from datetime import date

import pytest

from humanrights import screening, services
from humanrights.models import Disposition, EndUserConcern, FalsePositive, RecordType, ScreeningHit
from humanrights.selectors import hits_for_application
from humanrights.tasks import screen_application
from licensing.models import PartyRole

from .factories import application, end_user_app

pytestmark = pytest.mark.django_db


def _hits(app):
    return [(h.party.name, h.record_type, h.disposition) for h in hits_for_application(app)]


def test_xpcc_variant_hits_the_registered_concern(demo):
    app = end_user_app("Xinjiang Production & Construction Corps Public-Security Bureau")
    assert screen_application.delay(app.pk).get() == 1
    (hit,) = hits_for_application(app)
    assert hit.record_type == RecordType.END_USER_CONCERN and hit.score >= 95
    assert "Xinjiang Production and Construction Corps Public Security Bureau" in hit.record_label
    assert "score" in hit.reason and "same country CN" in hit.reason


def test_ministry_is_not_screened_as_a_bureau(demo, eu_list):
    app = end_user_app("Ministry of Public Security")
    assert screening.screen_application(app.pk) == 0
    assert hits_for_application(app) == []


def test_every_party_is_screened_against_lists_and_denials(demo, eu_list, received_denials):
    app = application(destination="AE", parties=[
        (PartyRole.END_USER, "Example Telecom Regulatory Authority", "AE"),
        (PartyRole.CONSIGNEE, "Gulf Integration Services FZE", "AE"),
        (PartyRole.INTERMEDIATE_CONSIGNEE, "Almaz Antey", "RU"),
        (PartyRole.THIRD_PARTY, "Acme Freight Forwarding", "NL"),
    ])
    assert screening.screen_application(app.pk) == 3
    got = {(h.party.role, h.record_type) for h in hits_for_application(app)}
    assert got == {(PartyRole.END_USER, RecordType.DENIAL), (PartyRole.CONSIGNEE, RecordType.DENIAL),
                   (PartyRole.INTERMEDIATE_CONSIGNEE, RecordType.LIST_ENTRY)}
    almaz = next(h for h in hits_for_application(app) if h.record_type == RecordType.LIST_ENTRY)
    assert "EU sample" in almaz.record_label and "UKR" in almaz.reason
    assert almaz.score == 100 and "same country RU" in almaz.reason


def test_listed_country_is_a_signal(demo, eu_list):
    elsewhere = end_user_app("Almaz Antey", "FR")
    screening.screen_application(elsewhere.pk)
    (hit,) = hits_for_application(elsewhere)
    assert hit.score == 85 and "different country (FR, record: RU)" in hit.reason


def test_transliterated_listed_person(demo, eu_list):
    app = end_user_app("朱海仑", "CN")
    assert screening.screen_application(app.pk) == 1
    assert "Zhu Hailun" in hits_for_application(app)[0].record_label


def test_false_positive_is_remembered_across_screenings_and_applications(demo, officer):
    app = end_user_app("XPCC Public Security Bureau Hotel Management", "CN")
    screening.screen_application(app.pk)
    (hit,) = hits_for_application(app)
    services.decide_hit(hit, Disposition.FALSE_POSITIVE, officer, note="A hotel, not the bureau")
    assert FalsePositive.objects.count() == 1

    assert screening.screen_application(app.pk) == 0  # re-screening keeps the decision and adds nothing
    hit.refresh_from_db()
    assert hit.disposition == Disposition.FALSE_POSITIVE and hit.decided_by == officer

    again = end_user_app("XPCC  public-security bureau hotel management", "CN")
    assert screening.screen_application(again.pk) == 0 and hits_for_application(again) == []
    other_name = end_user_app("XPCC PSB", "CN")
    assert screening.screen_application(other_name.pk) == 1  # the memory is per name (and country)


def test_false_positive_memory_is_per_country(demo, officer):
    app = end_user_app("XPCC PSB", "CN")
    screening.screen_application(app.pk)
    services.decide_hit(hits_for_application(app)[0], Disposition.FALSE_POSITIVE, officer)
    elsewhere = end_user_app("XPCC PSB", "KZ")
    assert screening.screen_application(elsewhere.pk) == 1


def test_true_match_is_kept_and_forgets_an_earlier_false_positive(demo, officer):
    app = end_user_app("XPCC PSB", "CN")
    screening.screen_application(app.pk)
    (hit,) = hits_for_application(app)
    services.decide_hit(hit, Disposition.FALSE_POSITIVE, officer)
    services.decide_hit(hit, Disposition.TRUE_MATCH, officer, note="Confirmed by the end-user statement")
    assert not FalsePositive.objects.exists()
    assert screening.screen_application(app.pk) == 1


def test_register_change_rescreens_open_applications(demo, officer, django_capture_on_commit_callbacks):
    app = end_user_app("Shenzhen Example Surveillance Technology Co., Ltd.", "CN")
    draft = end_user_app("Shenzhen Example Surveillance Technology", "CN", status="draft")
    assert screening.screen_application(app.pk) == 0
    concern = EndUserConcern(name="Shenzhen Example Surveillance Technology", country="CN", basis="Test basis",
                             source="Test source", since=date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.save_register_record(concern, officer, changes={"name": [None, concern.name]}, created=True)
    assert _hits(app) == [("Shenzhen Example Surveillance Technology Co., Ltd.", "end_user_concern", "open")]
    assert _hits(draft) == []  # drafts are screened when submitted, not before

    concern.name = "Something Else Entirely"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_register_record(concern, officer, changes={"name": ["…", concern.name]}, created=False)
    assert _hits(app) == []  # an undecided hit that no longer matches disappears


def test_decided_hit_stays_visible_when_no_longer_current(demo, officer):
    concern = EndUserConcern.objects.create(name="Example Police Academy", country="CN", basis="b", source="s")
    app = end_user_app("Example Police Academy", "CN")
    screening.screen_application(app.pk)
    services.decide_hit(hit := hits_for_application(app)[0], Disposition.TRUE_MATCH, officer)
    concern.delete()
    screening.screen_application(app.pk)
    hit.refresh_from_db()
    assert hit.current is False and hits_for_application(app) == [hit]


def test_revoked_and_expired_denials_are_not_screened(demo, received_denials):
    from humanrights.models import Denial

    Denial.objects.filter(reference="DE-2025-0042").update(revoked_on=date(2025, 6, 1))
    app = end_user_app("Example Telecom Regulatory Authority", "AE")
    assert screening.screen_application(app.pk) == 0


def test_decide_hit_rejects_unknown_disposition(demo, officer):
    app = end_user_app("XPCC PSB", "CN")
    screening.screen_application(app.pk)
    with pytest.raises(ValueError):
        services.decide_hit(hits_for_application(app)[0], "maybe", officer)
    assert ScreeningHit.objects.get().disposition == Disposition.OPEN


def test_rules_service_finds_the_registered_bureau(demo):
    from licensing.rules.service import evaluate_request

    res = evaluate_request({
        "as_of": "2026-11-23", "destination": "CN",
        "end_user": {"name": "Xinjiang Production & Construction Corps Public-Security Bureau", "country": "CN",
                     "type": "police_security"},
        "items": [{"description": "Video analytics", "control_entry": None, "cyber_surveillance": True,
                   "quantity": 1, "value_eur": 1000}],
    })
    assert "end_user_concern" in {f["rule"] for f in res["findings"]}


def test_undecided_hits_come_first(demo, officer):
    app = application(parties=[(PartyRole.END_USER, "XPCC PSB", "CN"), (PartyRole.CONSIGNEE, "XUAR PSB", "CN")])
    screening.screen_application(app.pk)
    first = hits_for_application(app)[0]
    services.decide_hit(first, Disposition.TRUE_MATCH, officer)
    assert [h.disposition for h in hits_for_application(app)] == [Disposition.OPEN, Disposition.TRUE_MATCH]


def test_list_import_rescreens_open_applications(demo, django_capture_on_commit_callbacks):
    from humanrights.importers import eu_fsf

    from .conftest import FIXTURES

    app = end_user_app("Commercial Bank of Syria", "SY")
    assert screening.screen_application(app.pk) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.import_screening_list("EU", "eu-fsf", "x.xml", eu_fsf.parse((FIXTURES / "eu_fsf_sample.xml").read_bytes()))
    assert _hits(app) == [("Commercial Bank of Syria", "list_entry", "open")]


def test_typos_in_every_word_are_still_found(demo, eu_list):
    # no word is in the list's vocabulary: candidates come from the trigram look-up of each word
    app = end_user_app("Comerciel Bamk of Syriah", "SY")
    assert screening.screen_application(app.pk) == 1
    assert "Commercial Bank of Syria" in hits_for_application(app)[0].record_label
