"""Model factories shared by the test folders: organisations, applications with their items and
parties, products, information requests, licences with their lines.

The defaults make a plausible, complete draft (thermal camera cores for a research institute in
India) and an active licence. The scenario helpers in each folder's ``factories.py`` (a submitted
case, a case for the re-evaluation job, a licence with lines, ...) name every value their tests
depend on.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from licensing.models import (
    Application,
    ApplicationItem,
    InformationRequest,
    Licence,
    LicenceLine,
    LicenceStatus,
    Organisation,
    Party,
    PartyRole,
    Product,
    Status,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Exporter {n} B.V.")
    eori_number = factory.Sequence(lambda n: f"NL9{n:08d}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft of ``created_by``'s organisation."""

    class Meta:
        model = Application

    organisation = factory.LazyAttribute(lambda o: o.created_by.organisation)
    title = factory.Sequence(lambda n: f"Shipment {n}")
    licence_type = "individual"
    destination = "IN"
    end_use = "Infrared imaging research on building insulation"
    declarations_confirmed = True


class SubmittedApplicationFactory(ApplicationFactory):
    """Submitted, with a reference, as if the workflow had run (status set directly)."""

    status = Status.SUBMITTED
    reference = factory.Sequence(lambda n: f"DU-TEST-{n:06d}")
    submitted_at = factory.LazyFunction(timezone.now)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationItem

    description = "Uncooled thermal imaging camera core"
    control_entry = "6A003.b.4"
    quantity = 4
    value_eur = 18000


class PartyFactory(factory.django.DjangoModelFactory):
    """The end user, unless ``role`` says otherwise."""

    class Meta:
        model = Party

    role = PartyRole.END_USER
    name = "Indian Institute of Science"
    country = "IN"
    type = "research"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Camera core {n}")
    description = "Thermal camera core"
    part_number = factory.Sequence(lambda n: f"TC-{n}")
    control_entry = "6A003.b.4"


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest

    question = "Please send the end user's signed contract."
    due_on = factory.Faker("future_date")


class LicenceFactory(factory.django.DjangoModelFactory):
    """An active licence, valid from a month ago for almost two years."""

    class Meta:
        model = Licence

    number = factory.Sequence(lambda n: f"NL-TEST-{n:05d}")
    holder = factory.SubFactory(OrganisationFactory)
    status = LicenceStatus.ACTIVE
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=700))
    destinations = factory.LazyFunction(lambda: ["JP"])
    end_users = factory.LazyFunction(lambda: ["Hamamatsu Research Institute"])


class LicenceLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenceLine

    licence = factory.SubFactory(LicenceFactory)
    line = factory.Sequence(lambda n: n + 1)
    control_entry = "6A003.b.4.b"
    description = "Uncooled thermal imaging cameras"
    quantity = Decimal("100")
    value_eur = Decimal("100000.00")
