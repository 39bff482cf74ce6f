"""Working-day arithmetic for statutory and service-level deadlines (Dutch public holidays).

- Art. 5(4): other member states answer a cyber-surveillance notification within 30 working days.
- Art. 16(5): a member state consulted on an essentially identical denied transaction answers within 10.
- The authority's own service level (SERVICE_LEVEL_WORKING_DAYS, default 40 ≈ eight weeks), with the
  clock stopped while the exporter owes an answer to an information request.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

ART_5_4_WORKING_DAYS = 30
ART_16_5_WORKING_DAYS = 10
INFORMATION_REQUEST_WORKING_DAYS = 10


def service_level_days() -> int:
    return getattr(settings, "SERVICE_LEVEL_WORKING_DAYS", 40)


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


@lru_cache(maxsize=4096)
def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    n = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            n += 1
    return n


def _local(dt) -> date:
    return timezone.localdate(dt) if dt else timezone.localdate()


def clock_stopped_working_days(information_requests, today: date | None = None) -> int:
    """Working days the exporter took (or is taking) to answer; the SLA clock does not run meanwhile."""
    today = today or timezone.localdate()
    total = 0
    for req in information_requests:
        asked = _local(req.asked_at)
        answered = _local(req.replied_at) if req.replied_at else today
        total += working_days_between(asked, answered)
    return total


def service_level_due(submitted_at, information_requests=(), today: date | None = None) -> date | None:
    if not submitted_at:
        return None
    stopped = clock_stopped_working_days(information_requests, today=today)
    return add_working_days(_local(submitted_at), service_level_days() + stopped)


def consultation_due(kind: str, sent_on: date) -> date:
    days = ART_16_5_WORKING_DAYS if kind == "art_16_5" else ART_5_4_WORKING_DAYS
    return add_working_days(sent_on, days)
