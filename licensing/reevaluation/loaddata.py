"""Realistic bulk data for benchmarks: submitted applications (varied destinations, items across Annex I
categories, some cyber-surveillance, some end users of concern) and active licences.

Never part of `make run`. Rows are written in batches (PostgreSQL: COPY, with ids reserved from the
table's sequence; elsewhere bulk_create); the recommendation each case
shows is computed once per case *template* (destination, end user, item entries, declarations), so
100,000 applications do not need 100,000 engine runs to generate.
"""

from __future__ import annotations

import json
import operator
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from licensing.models import (
    Application,
    ApplicationItem,
    Licence,
    LicenceLine,
    Organisation,
    OrganisationRole,
    Party,
    PartyRole,
    Role,
    Status,
    User,
)
from licensing.rules import loader
from licensing.rules.engine import evaluate
from licensing.rules.validation import parse_request

DESTINATIONS = (
    "US JP CN RU IR AE IN BR ZA TR SA EG IL KR SG MX NG PK BY VE UA CH NO AU KZ TH VN MY ID AR CL CO MA "
    "DZ JO QA KW OM AZ AM GE RS MK LY SY MM SD KP"
).split()
END_USER_TYPES = ("commercial", "commercial", "commercial", "research", "government", "police_security",
                  "military", "intelligence", "unknown")
COMPANY_WORDS = ("Advanced", "National", "United", "Pacific", "Northern", "Golden", "Orient", "Atlas", "Delta",
                 "Nova", "Apex", "Summit", "Crescent", "Phoenix", "Zenith")
COMPANY_KINDS = ("Technologies", "Industries", "Instruments", "Electronics", "Systems", "Research Institute",
                 "Trading Co.", "Engineering", "University", "Telecom")
NON_LISTED = (("Industrial laptop", False), ("Network monitoring software", True), ("Emotion-recognition software",
              True), ("Spare parts for a lathe", False), ("Video surveillance analytics suite", True),
              ("Office printer", False))


@dataclass
class Template:
    destination: str
    end_user: tuple[str, str]  # name, type
    items: tuple[tuple[str, str, bool], ...]  # (description, code or "", cyber)
    declarations: tuple[bool, bool, bool]
    recommendation: str = ""


def _codes_by_category() -> dict[str, list[str]]:
    from controllists.models import ControlEntry
    from controllists.selectors import version_in_force

    version = version_in_force()
    rows = ControlEntry.objects.filter(version=version, depth__lte=2).values_list("category", "code")
    out: dict[str, list[str]] = {}
    for category, code in rows:
        out.setdefault(category, []).append(code)
    return out


def _concern_names() -> list[tuple[str, str]]:
    from humanrights.models import EndUserConcern

    return list(EndUserConcern.objects.values_list("name", "country"))


def _templates(rng: random.Random, count: int) -> list[Template]:
    by_cat = _codes_by_category()
    categories = sorted(by_cat)
    concerns = _concern_names()
    cyber = [c for c in ("5A001.j", "4A005", "4D004", "5A001.f", "5D001") if any(c in v for v in by_cat.values())]
    out = []
    for _n in range(count):
        dest = rng.choice(DESTINATIONS)
        if concerns and rng.random() < 0.03:
            name, dest = rng.choice(concerns)
            eu = (name, "police_security")
        else:
            eu = ("", rng.choice(END_USER_TYPES))  # a name is drawn for each application
        items = []
        for _i in range(rng.choice((1, 1, 2, 2, 3))):
            roll = rng.random()
            if roll < 0.15:
                desc, is_cyber = rng.choice(NON_LISTED)
                items.append((desc, "", is_cyber))
            elif roll < 0.22 and cyber:
                code = rng.choice(cyber)
                items.append((f"Surveillance equipment {code}", code, True))
            else:
                code = rng.choice(by_cat[rng.choice(categories)])
                items.append((f"Item under {code}", code, False))
        decl = (rng.random() < 0.01, rng.random() < 0.02, rng.random() < 0.02)
        out.append(Template(dest, eu, tuple(items), decl))
    return out


def _body(t: Template, as_of, has_icp: bool) -> dict:
    return {
        "as_of": as_of.isoformat(), "destination": t.destination,
        "exporter": {"member_state": "NL", "has_icp": has_icp, "intra_group": False},
        "end_user": {"name": t.end_user[0] or f"Nova Systems {t.destination}", "country": t.destination,
                     "type": t.end_user[1]},
        "items": [{"description": d, "control_entry": c or None, "cyber_surveillance": cy, "quantity": 1,
                   "value_eur": 1000} for d, c, cy in t.items],
        "declarations": dict(zip(("wmd", "military_end_use", "internal_repression"), t.declarations, strict=True)),
    }


def _recommend(templates: list[Template], as_of) -> None:
    snapshot = loader.get_snapshot()
    today = timezone.localdate()
    for t in templates:
        request, errors = parse_request(_body(t, as_of, True), snapshot, today)
        t.recommendation = "" if errors else evaluate(request, snapshot)["recommendation"]


def _organisations(rng: random.Random, run: str, count: int) -> list[tuple[Organisation, User]]:
    orgs = Organisation.objects.bulk_create([
        Organisation(name=f"Load {run} {rng.choice(COMPANY_WORDS)} {n} B.V.", has_icp=rng.random() < 0.6)
        for n in range(count)])
    users = User.objects.bulk_create([
        User(email=f"load-{run}-{n}@load.example", role=Role.EXPORTER, organisation=o,
             organisation_role=OrganisationRole.ADMIN, password="!") for n, o in enumerate(orgs)])
    return list(zip(orgs, users, strict=True))


def _reserve_ids(model, n: int) -> list[int]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [model._meta.db_table, n])
            return [r[0] for r in cur.fetchall()]
    start = (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    return list(range(start, start + n))


def _insert(objects: list, batch: int) -> None:
    """Insert model instances: COPY on PostgreSQL (several times faster than INSERT); ids from the sequence
    unless the instances carry them."""
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch)
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objects[0].pk is None)]
    now = timezone.now()
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(lambda obj, f=f: now)
        elif isinstance(f, models.JSONField):
            getters.append(lambda obj, f=f: json.dumps(getattr(obj, f.attname)))
        else:
            getters.append(operator.attrgetter(f.attname))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cur, cur.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([get(obj) for get in getters])


def generate(applications: int, *, licences: int | None = None, organisations: int = 50, templates: int = 2000,
             batch: int = 2000, seed: int | None = None, as_of=None, progress=None) -> dict:
    """Create `applications` submitted applications (and `licences` active licences). Returns counts."""
    rng = random.Random(seed)
    run = secrets.token_hex(3)
    as_of = as_of or timezone.localdate()
    licences = applications // 20 if licences is None else licences
    pool = _templates(rng, max(1, min(templates, applications or 1)))
    _recommend(pool, as_of)
    owners = _organisations(rng, run, organisations)
    now = timezone.now()
    statuses = (Status.SUBMITTED, Status.SUBMITTED, Status.UNDER_REVIEW, Status.UNDER_REVIEW,
                Status.INFORMATION_REQUESTED, Status.AWAITING_COUNTERSIGNATURE)
    made = 0
    while made < applications:
        n = min(batch, applications - made)
        with transaction.atomic():
            rows, picks = [], []
            for i in range(made, made + n):
                t = rng.choice(pool)
                org, user = rng.choice(owners)
                picks.append(t)
                rows.append(Application(
                    organisation=org, created_by=user, reference=f"LD{run}-{i:07d}", status=rng.choice(statuses),
                    title=f"{t.items[0][0]} to {t.destination}", destination=t.destination,
                    end_use="Production and research use by the end user", declarations_confirmed=True,
                    declaration_wmd=t.declarations[0], declaration_military_end_use=t.declarations[1],
                    declaration_internal_repression=t.declarations[2], recommendation=t.recommendation,
                    submitted_at=now - timedelta(days=rng.randint(0, 60)),
                    cyber_surveillance=any(cy for _d, _c, cy in t.items)))
            for app, pk in zip(rows, _reserve_ids(Application, len(rows)), strict=True):
                app.pk = pk
            _insert(rows, batch)
            apps = rows
            items, parties = [], []
            for app, t in zip(apps, picks, strict=True):
                for pos, (desc, code, cy) in enumerate(t.items):
                    items.append(ApplicationItem(application=app, position=pos, description=desc, control_entry=code,
                                                 cyber_surveillance=cy, quantity=rng.randint(1, 500),
                                                 value_eur=rng.randint(500, 2_000_000)))
                name = t.end_user[0] or f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)} {t.destination}"
                parties.append(Party(application=app, role=PartyRole.END_USER, name=name, country=t.destination,
                                     type=t.end_user[1]))
                if rng.random() < 0.3:
                    parties.append(Party(application=app, role=PartyRole.CONSIGNEE, name=f"Consignee of {app.pk}",
                                         country=t.destination))
            _insert(items, batch * 2)
            _insert(parties, batch * 2)
        made += n
        if progress:
            progress(made)
    _licences(rng, run, licences, owners, pool, batch)
    return {"applications": applications, "licences": licences, "organisations": organisations,
            "templates": len(pool), "run": run}


def _licences(rng, run, count, owners, pool, batch) -> None:
    today = timezone.localdate()
    made = 0
    while made < count:
        n = min(batch, count - made)
        with transaction.atomic():
            picks = [rng.choice(pool) for _ in range(n)]
            rows = Licence.objects.bulk_create([
                Licence(number=f"LL{run}-{made + k:07d}", holder=rng.choice(owners)[0],
                        valid_from=today - timedelta(days=rng.randint(0, 300)),
                        valid_until=today + timedelta(days=rng.randint(1, 700)), destinations=[t.destination],
                        end_users=[t.end_user[0] or f"{rng.choice(COMPANY_WORDS)} {t.destination}"])
                for k, t in enumerate(picks)], batch_size=batch)
            LicenceLine.objects.bulk_create([
                LicenceLine(licence=lic, line=pos + 1, control_entry=code, description=desc,
                            quantity=rng.randint(1, 100), value_eur=rng.randint(1000, 500_000))
                for lic, t in zip(rows, picks, strict=True) for pos, (desc, code, _cy) in enumerate(t.items)],
                batch_size=batch * 2)
        made += n
