"""Art. 16(5): before granting an authorisation for an essentially identical transaction (Art. 2(22):
the same end user or consignee) denied by another Member State in the last three years, consult that
Member State. Names are matched as screening matches a party against the denials
(humanrights.matching: directed_score, the applicant's name against the denied one: a unit of a denied
organisation is that organisation, another kind of body or a replaced distinctive word is not; then
the end user's country against the denied end user's as a signal, threshold 85)."""

from __future__ import annotations

from datetime import date

from controllists import codes
from humanrights.matching import DEFAULT_THRESHOLD, SAME_COUNTRY_BONUS, country_adjusted, directed_score

from ..findings import CONSULT, INFO, REG, Finding
from ..registry import rule

NAME_THRESHOLD = DEFAULT_THRESHOLD  # of the score with the country signal, as screening's


def _three_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 3)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 3, day=28)


def _entries_overlap(denied: tuple[str, ...], requested: list[str | None]) -> bool:
    for code in requested:
        if code is None:
            if not denied:  # a catch-all denial of a non-listed item
                return True
            continue
        for d in denied:
            if codes.is_within(code, d) or codes.is_within(d, code):
                return True
    return False


@rule(order=70)
def denials(ctx) -> list[Finding]:
    r = ctx.request
    candidates = ctx.comp.denials_by_destination.get(r.destination)
    if not candidates:
        return []
    since = _three_years_before(r.as_of)
    requested = [f.code for f in ctx.facts]
    names = tuple(n for n in (r.end_user_name, r.consignee_name, *r.consignees) if n)
    country = r.end_user_country or r.destination
    near = None  # the denials whose names may reach the threshold (a blocking index), looked up once
    out = []
    for position, d in enumerate(candidates):
        if not (since < d.denied_on <= r.as_of) or (d.revoked_on is not None and d.revoked_on <= r.as_of):
            continue
        if not _entries_overlap(d.control_entries, requested):
            continue
        if near is None:
            near = ctx.comp.denials_near(r.destination, names, NAME_THRESHOLD - SAME_COUNTRY_BONUS)
        if position not in near:  # scores below NAME_THRESHOLD, even in the same country
            continue
        best = max((directed_score(n, other) for n in names for other in (d.end_user, d.consignee) if other),
                   default=0.0)
        if country_adjusted(best, country, d.end_user_country or d.destination) < NAME_THRESHOLD:
            continue
        record = d.record or f"denial:{d.reference}"
        entries = ", ".join(d.control_entries) or "non-listed items"
        if d.member_state != ctx.snapshot.deploying_state:
            out.append(Finding(
                "denial_consultation", None, f"{REG}, Article 16(5); Article 2(22)",
                f"{d.member_state} denied an essentially identical transaction on {d.denied_on.isoformat()} "
                f"(reference {d.reference}: {entries} to '{d.end_user}' in {d.destination}). Before granting an "
                f"authorisation, consult {d.member_state}, which replies within 10 working days (Article 16(5)).",
                f"{d.member_state} heeft op {d.denied_on.isoformat()} een in wezen identieke transactie geweigerd "
                f"(referentie {d.reference}). Raadpleeg {d.member_state} voordat een vergunning wordt verleend "
                f"(artikel 16, lid 5).", CONSULT, (record,), "Denial by another Member State", officer_only=True))
        else:
            out.append(Finding(
                "own_denial", None, f"{REG}, Article 16(1)",
                f"This authority denied an essentially identical transaction on {d.denied_on.isoformat()} "
                f"(reference {d.reference}: {entries} to '{d.end_user}').",
                f"Deze autoriteit heeft op {d.denied_on.isoformat()} een in wezen identieke transactie geweigerd "
                f"(referentie {d.reference}).", INFO, (record,), "Earlier denial by this authority", officer_only=True))
    return out
