"""Uploads, a complete draft and the example API body for the portal tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from licensing.models import Application, DocumentKind
from licensing.services import documents
from tests.factories import ApplicationFactory, ItemFactory, PartyFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="statement.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="spec.docx"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/octet-stream")


def complete_draft(user, **fields) -> Application:
    """A draft that can be submitted: one listed and one non-listed item, end user, end-user statement."""
    app = ApplicationFactory(created_by=user, **fields)
    ItemFactory(application=app, position=0)
    ItemFactory(application=app, position=1, description="Lens cleaning kit", control_entry="", quantity=4,
                value_eur=120)
    PartyFactory(application=app)
    documents.add_document(app, user, pdf(), kind=DocumentKind.END_USER_STATEMENT)
    return app


def submitted(user, **fields) -> Application:
    from licensing.services.applications import submit

    return submit(complete_draft(user, **fields), user)


EXAMPLE_BODY = {
    "title": "Thermal camera cores",
    "licence_type": "individual",
    "destination": "IN",
    "end_user": {"name": "Indian Institute of Science", "country": "IN", "type": "research"},
    "consignees": [{"name": "Bangalore Freight Pvt Ltd", "country": "IN", "type": "commercial"}],
    "end_use": "Infrared imaging research on building insulation",
    "items": [
        {"description": "Uncooled thermal imaging camera core", "control_entry": "6A003.b.4", "quantity": 4,
         "value_eur": 18000},
        {"description": "Lens cleaning kit", "control_entry": None, "quantity": 4, "value_eur": 120},
    ],
    "declarations": {"wmd": False, "military_end_use": False, "internal_repression": False, "confirmed": True},
}
