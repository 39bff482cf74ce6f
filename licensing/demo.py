"""Demo data for `make run` (idempotent). Later issues extend `load_demo` with applications and licences."""

from django.db import transaction

from .demo_customs import load_customs_demo
from .demo_portal import load_portal_demo
from .models import Organisation, OrganisationRole, Role, User

ORGANISATIONS = [
    {"name": "Acme Photonics B.V.", "key": "acme", "eori_number": "NL812345678", "chamber_of_commerce_number": "12345678",
     "address": "Kanaalweg 12, 2628 EB Delft, Nederland", "has_icp": True},
    {"name": "Globex Networks B.V.", "key": "globex", "eori_number": "NL823456789", "chamber_of_commerce_number": "23456789",
     "address": "Stationsplein 5, 3511 ED Utrecht, Nederland", "has_icp": False},
]

STAFF = [
    ("officer@dualis.example", "Olivia Officer", Role.OFFICER),
    ("senior@dualis.example", "Sam Senior", Role.SENIOR_OFFICER),
    ("admin@dualis.example", "Ada Administrator", Role.ADMINISTRATOR),
]


def _user(email, password, **fields):
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo(password: str) -> dict:
    logins = []
    orgs = {}
    for spec in ORGANISATIONS:
        data = {k: v for k, v in spec.items() if k != "key"}
        org, _ = Organisation.objects.get_or_create(eori_number=spec["eori_number"], defaults=data)
        orgs[spec["key"]] = org
        email = f"exporter@{spec['key']}.example"
        _user(email, password, full_name=f"{spec['key'].title()} Export Manager", role=Role.EXPORTER,
              organisation=org, organisation_role=OrganisationRole.ADMIN)
        logins.append((email, f"exporter admin, {org.name}"))
    for email, name, role in STAFF:
        extra = {"is_staff": role == Role.ADMINISTRATOR, "is_superuser": role == Role.ADMINISTRATOR}
        _user(email, password, full_name=name, role=role, team="Cyber and telecom" if role != Role.ADMINISTRATOR else "",
              **extra)
        logins.append((email, Role(role).label))
    extra_lines = load_customs_demo(orgs, password)["lines"]  # customs: DEMO-LIC-0001 and the demo-customs client
    extra_lines += load_portal_demo(orgs)  # portal: draft and submitted applications, product catalogues
    return {"logins": logins, "organisations": orgs, "extra": extra_lines}
