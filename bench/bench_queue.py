"""Back-office queue page with 10,000 open cases: p50/p95 response time of the page (in process, Django test
client, PostgreSQL) and its number of SQL queries. Target: p95 < 200 ms, queries constant.

    python bench/bench_queue.py [requests per view, default 60]
"""

import os
import sys
import time
from datetime import timedelta

from common import percentile, setup_django

DB = "dualis_bench_queue"
CASES = 10_000
VIEWS = [
    ("new queue, oldest first", {"queue": "new"}),
    ("new queue, cyber-surveillance, newest", {"queue": "new", "cyber": "yes", "sort": "newest"}),
    ("control entry 5A001, destination CN", {"queue": "new", "control_entry": "5A001", "destination": "CN"}),
    ("assigned to me", {"queue": "mine"}),
    ("page 100 of the new queue", {"queue": "new", "page": "100"}),
    ("flagged by list change (1 in 50)", {"queue": "new", "flagged": "on"}),
    ("cases search, flagged, by destination", {"flagged": "on", "sort": "destination"}),
]


def seed():
    from django.utils import timezone

    from licensing.demo import load_demo
    from licensing.models import Application, ApplicationItem, Consultation, Party, User

    orgs = load_demo(password="bench")["organisations"]
    officer = User.objects.get(email="officer@dualis.example")
    existing = Application.objects.filter(reference__startswith="DU-BENCH-").count()
    if existing >= CASES:
        return officer
    now = timezone.now()
    destinations = ["CN", "BR", "US", "IN", "SY", "AE", "JP", "TR"]
    apps = Application.objects.bulk_create([
        Application(organisation=orgs["acme" if i % 2 else "globex"], created_by=None, status="submitted",
                    destination=destinations[i % len(destinations)], reference=f"DU-BENCH-{i:05d}",
                    submitted_at=now - timedelta(hours=i), recommendation=["approve", "deny", "ad_hoc_licence_required"][i % 3],
                    cyber_surveillance=i % 4 == 0, assigned_to=officer if i % 5 == 0 else None, title=f"Bench case {i}")
        for i in range(existing, CASES)
    ], batch_size=2000)
    Party.objects.bulk_create([Party(application=a, role="end_user", name=f"End user {a.pk}", country=a.destination)
                               for a in apps], batch_size=2000)
    ApplicationItem.objects.bulk_create([
        ApplicationItem(application=a, description="Item", control_entry="5A001.j" if a.cyber_surveillance else "6A003",
                        cyber_surveillance=a.cyber_surveillance, quantity=1, value_eur=1000) for a in apps
    ], batch_size=2000)
    Consultation.objects.bulk_create([
        Consultation(application=a, kind="foreign_affairs", consulted_party="Foreign Affairs", question="Advice?",
                     due_on=(now + timedelta(days=30)).date(), created_by=officer) for a in apps[::10]
    ], batch_size=2000)
    return officer


def flag():
    """One case in 50 flagged by a re-evaluation, as after a list change."""
    from django.db.models.functions import Mod

    from licensing.models import Application

    Application.objects.filter(reference__startswith="DU-BENCH-", flagged_reason="").annotate(m=Mod("id", 50)).filter(
        m=0).update(flagged_reason="Re-evaluation 1 (New control-list version): recommendation approve → deny.")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    setup_django(DB)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    officer = seed()
    flag()
    client = Client()
    client.force_login(officer)
    print(f"{CASES:,} cases; {n} requests per view")
    worst = 0.0
    for label, params in VIEWS:
        url = "/backoffice/queues/" if "queue" in params else "/backoffice/cases/"
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
        times, cpu = [], []
        for _ in range(n):
            t, c = time.perf_counter(), time.process_time()
            client.get(url, params)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        p95 = percentile(times, 95)
        worst = max(worst, p95)
        print(f"  {label:42} p50 {percentile(times, 50):6.1f} ms  p95 {p95:6.1f} ms  "
              f"(Django CPU p95 {percentile(cpu, 95):5.1f} ms)  {queries} queries")
    print(f"queue page p95 (worst view): {worst:.1f} ms (target < 200 ms) {'OK' if worst < 200 else 'SLOW'}"
          f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machines are noisy)")


if __name__ == "__main__":
    main()
