from .registers import (  # noqa: F401
    CountryConcernCreate,
    CountryConcernEdit,
    CountryMeasureCreate,
    CountryMeasureEdit,
    DenialCreate,
    DenialEdit,
    EndUserConcernCreate,
    EndUserConcernEdit,
    countries,
    country_detail,
    denials,
    end_user_concerns,
)
from .screening import application_hits, denial_import, hit_decide, list_detail, list_import, lists  # noqa: F401
