"""Demo applications for both demo organisations: drafts and submitted cases (idempotent by title)."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from .models import Application, DocumentKind, LicenceType, PartyRole, Product, User
from .services import applications as service
from .services.documents import add_document

STATEMENT_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% End-user statement (demo)\n"
                 b"trailer<</Root 1 0 R>>\n%%EOF\n")

PRODUCTS = {
    "acme": [
        {"name": "TC-640 thermal camera core", "description": "Uncooled microbolometer camera core, 640x512, 30 Hz",
         "part_number": "TC-640", "control_entry": "6A003.b.4"},
        {"name": "LC-1 lens cleaning kit", "description": "Lens cleaning kit for germanium optics",
         "part_number": "LC-1", "control_entry": ""},
    ],
    "globex": [
        {"name": "IPX-9 network probe", "description": "IP network traffic analysis appliance for carriers",
         "part_number": "IPX-9", "control_entry": "5A001.j", "cyber_surveillance": True},
        {"name": "FaceFind video analytics", "description": "Face recognition in recorded and live video",
         "part_number": "FF-2", "control_entry": "", "cyber_surveillance": True},
    ],
}

APPLICATIONS = {
    "acme": [
        {"title": "Thermal camera cores for IISc Bengaluru", "licence_type": LicenceType.INDIVIDUAL,
         "destination": "IN", "end_use": "Infrared imaging research on building insulation at the Indian "
         "Institute of Science.",
         "end_user": {"name": "Indian Institute of Science", "country": "IN", "type": "research",
                      "address": "CV Raman Road, Bengaluru 560012"},
         "consignees": [{"name": "Bangalore Freight Forwarders Pvt Ltd", "country": "IN", "type": "commercial"}],
         "items": [("TC-640", 4, 18000), ("LC-1", 4, 120)], "submit": True},
        {"title": "Camera cores for Shenzhen integrator (draft)", "licence_type": LicenceType.INDIVIDUAL,
         "destination": "CN", "end_use": "Integration into industrial inspection systems.",
         "end_user": {"name": "Shenzhen Vision Integration Co., Ltd.", "country": "CN", "type": "commercial"},
         "items": [("TC-640", 20, 85000)], "submit": False},
    ],
    "globex": [
        {"title": "Network probes for Telecom Brasil", "licence_type": LicenceType.INDIVIDUAL,
         "destination": "BR", "end_use": "Quality-of-service monitoring in a mobile operator's core network.",
         "end_user": {"name": "Telecom Brasil S.A.", "country": "BR", "type": "commercial"},
         "items": [("IPX-9", 2, 240000)], "submit": True},
        {"title": "Face recognition for a city police force", "licence_type": LicenceType.NOTIFICATION,
         "destination": "EG", "end_use": "Identification of persons in CCTV footage by the municipal police.",
         "end_user": {"name": "Cairo Governorate Police Directorate", "country": "EG", "type": "police_security"},
         "items": [("FF-2", 1, 60000)], "declaration_internal_repression": True, "submit": True},
        {"title": "Probe upgrade for Kenyan operator (draft)", "licence_type": LicenceType.INDIVIDUAL,
         "destination": "KE", "end_use": "",
         "end_user": None, "items": [("IPX-9", 1, 120000)], "submit": False},
    ],
}


def _product(org, spec) -> Product:
    product, _ = Product.objects.get_or_create(
        organisation=org, part_number=spec["part_number"],
        defaults={k: v for k, v in spec.items() if k != "part_number"},
    )
    return product


def load_portal_demo(orgs: dict) -> list[str]:
    lines = []
    for key, specs in APPLICATIONS.items():
        org = orgs[key]
        user = User.objects.filter(organisation=org, organisation_role="admin").order_by("pk").first()
        products = {spec["part_number"]: _product(org, spec) for spec in PRODUCTS[key]}
        for spec in specs:
            if Application.objects.filter(organisation=org, title=spec["title"]).exists():
                continue
            app = service.create_draft(
                user, org, title=spec["title"], licence_type=spec["licence_type"], destination=spec["destination"],
                end_use=spec["end_use"], declarations_confirmed=spec["submit"],
                declaration_internal_repression=spec.get("declaration_internal_repression", False),
            )
            service.replace_items(app, user, [
                {"product": products[part], "description": products[part].description, "part_number": part,
                 "control_entry": products[part].control_entry,
                 "cyber_surveillance": products[part].cyber_surveillance,
                 "quantity": Decimal(qty), "value_eur": Decimal(value)}
                for part, qty, value in spec["items"]
            ])
            parties = [{**spec["end_user"], "role": PartyRole.END_USER}] if spec["end_user"] else []
            parties += [{**p, "role": PartyRole.CONSIGNEE} for p in spec.get("consignees", [])]
            service.replace_parties(app, user, parties)
            if spec["licence_type"] == LicenceType.INDIVIDUAL and spec["submit"]:
                upload = SimpleUploadedFile("end-user-statement.pdf", STATEMENT_PDF, "application/pdf")
                add_document(app, user, upload, kind=DocumentKind.END_USER_STATEMENT)
            if spec["submit"]:
                service.submit(app, user, notify=False)
                app.refresh_from_db()
                lines.append(f"  {org.name}: submitted {app.reference} – {app.title}")
            else:
                lines.append(f"  {org.name}: draft – {app.title}")
    return lines
