"""What a rule found: one Finding per legal consideration, with its basis, sources and weight."""

from __future__ import annotations

from typing import NamedTuple

# Effects, strongest first. The weight orders findings in the response and drives nothing else:
# the recommendation step reads effects, not weights.
PROHIBITS = "prohibits"  # restrictive measures forbid the export
REFUSAL_GROUND = "refusal_ground"  # a licence must (or should) be refused
AD_HOC = "ad_hoc"  # a catch-all (Art. 4(1), 5(1)) applies to a non-listed item
REQUIRES_LICENCE = "requires_licence"  # an authorisation is required
CONSULT = "consult"  # the officer must check or consult before deciding
PERMITS = "permits"  # a general authorisation covers the export
INFO = "info"

WEIGHTS = {PROHIBITS: 100, REFUSAL_GROUND: 80, AD_HOC: 60, REQUIRES_LICENCE: 40, CONSULT: 30, PERMITS: 20, INFO: 10}

REG = "Regulation (EU) 2021/821"


class Finding(NamedTuple):
    """Immutable and cheap to build (a NamedTuple: evaluations build many)."""

    rule: str
    item: int | None
    legal_basis: str
    explanation: str  # English, a sentence an officer can paste into a decision
    explanation_nl: str  # the same in Dutch
    effect: str = INFO
    sources: tuple[str, ...] = ()
    title: str = ""
    officer_only: bool = False

    @property
    def weight(self) -> int:
        return WEIGHTS[self.effect]

    def sort_key(self) -> tuple:
        return (-WEIGHTS[self.effect], -1 if self.item is None else self.item, self.rule, self.explanation)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "item": self.item,
            "legal_basis": self.legal_basis,
            "explanation": self.explanation,
            "explanation_nl": self.explanation_nl,
            "sources": list(self.sources),
            "effect": self.effect,
            "weight": WEIGHTS[self.effect],
            "officer_only": self.officer_only,
            "title": self.title,
        }
