"""Factories for submitted applications, as the re-evaluation job sees them."""

import factory
from django.utils import timezone

from licensing.models import Application, ApplicationItem, Licence, LicenceLine, Party, PartyRole, Status


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    status = Status.SUBMITTED
    reference = factory.Sequence(lambda n: f"BG-TEST-{n:06d}")
    submitted_at = factory.LazyFunction(timezone.now)
    destination = "JP"
    end_use = "Research"
    declarations_confirmed = True
    title = factory.Sequence(lambda n: f"Background test case {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationItem

    description = "Machine tool"
    control_entry = "2B001.a"
    quantity = 1
    value_eur = 1000


class EndUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    role = PartyRole.END_USER
    name = factory.Sequence(lambda n: f"Harmless Research Lab {n}")
    country = factory.SelfAttribute("application.destination")
    type = "research"


def make_case(org, user, *, destination="JP", items=(("2B001.a", False),), end_user_type="research",
              recommendation="", status=Status.SUBMITTED, **fields):
    app = ApplicationFactory(organisation=org, created_by=user, destination=destination, status=status,
                             recommendation=recommendation, **fields)
    for n, (code, cyber) in enumerate(items):
        ItemFactory(application=app, position=n, control_entry=code or "", cyber_surveillance=cyber,
                    description=f"Item {n} {code or 'not listed'}")
    EndUserFactory(application=app, type=end_user_type)
    return app


def make_licence(org, *, destination="JP", code="2B001.a", number="LIC-BG-1"):
    today = timezone.localdate()
    licence = Licence.objects.create(number=number, holder=org, valid_from=today,
                                     valid_until=today.replace(year=today.year + 1), destinations=[destination],
                                     end_users=["Harmless Research Lab"])
    LicenceLine.objects.create(licence=licence, line=1, control_entry=code, description="Machine tool",
                               quantity=10, value_eur=10000)
    return licence


def evaluated_ids(job, kind: str = "application") -> list[int]:
    """Every case id the job's chunks recorded as evaluated (duplicates kept, so a test can see them)."""
    from licensing.models import JobChunk

    out = []
    for ids in JobChunk.objects.filter(job=job, kind=kind, done=True).order_by("number").values_list("case_ids",
                                                                                                     flat=True):
        out += ids
    return out
