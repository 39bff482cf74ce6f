from .apiclients import ApiClient
from .applications import (
    Application,
    ApplicationItem,
    Document,
    DocumentKind,
    EndUserType,
    ExportType,
    LicenceType,
    Party,
    PartyRole,
    Product,
    Status,
)
from .audit import AuditEvent
from .backoffice import IssuedDocument, IssuedDocumentKind, LicenceTerms
from .cases import CaseNote, Consultation, ConsultationKind, Decision, DecisionOutcome, Evaluation, InformationRequest
from .customs import DeliveryStatus, WebhookDelivery, WebhookEvent
from .licences import IdempotencyKey, Licence, LicenceLine, LicenceStatus, Usage, UsageLine
from .organisations import Invitation, Organisation
from .portal import GeaCode, GeaRegistration, Objection, ReferenceCounter
from .reevaluation import (
    CaseKind,
    JobChunk,
    JobStatus,
    ListActivation,
    ReevaluationJob,
    ReevaluationResult,
    ReevaluationTrigger,
    ReminderSent,
)
from .users import OrganisationRole, Role, User

__all__ = [
    "ApiClient", "Application", "ApplicationItem", "AuditEvent", "CaseNote", "Consultation", "ConsultationKind",
    "Decision", "DecisionOutcome", "Document", "GeaCode", "GeaRegistration", "Objection", "ReferenceCounter", "DocumentKind", "EndUserType", "Evaluation", "ExportType",
    "IdempotencyKey", "InformationRequest", "IssuedDocument", "IssuedDocumentKind", "LicenceTerms", "Invitation", "Licence", "LicenceLine", "LicenceStatus", "LicenceType",
    "Organisation", "OrganisationRole", "Party", "PartyRole", "Product", "Role", "Status", "Usage", "UsageLine",
    "User", "DeliveryStatus", "WebhookDelivery", "WebhookEvent",
    "CaseKind", "JobChunk", "JobStatus", "ListActivation", "ReevaluationJob", "ReevaluationResult",
    "ReevaluationTrigger", "ReminderSent",
]
