import pytest


@pytest.fixture
def second_senior(demo):
    from licensing.models import User

    return User.objects.create_user("senior2@dualis.example", "x", full_name="Second Senior", role="senior_officer",
                                    team="Cyber and telecom")


@pytest.fixture
def senior_client(client, senior):
    client.force_login(senior)
    return client


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
