from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "screening"


@pytest.fixture
def eu_list(db):
    from humanrights import services
    from humanrights.importers import eu_fsf

    return services.import_screening_list("EU sample", "eu-fsf", "eu_fsf_sample.xml",
                                          eu_fsf.parse((FIXTURES / "eu_fsf_sample.xml").read_bytes()))


@pytest.fixture
def received_denials(db):
    from humanrights import services
    from humanrights.importers import denials

    return services.import_denials(denials.parse((FIXTURES / "denials_received.csv").read_bytes(), "csv"))
