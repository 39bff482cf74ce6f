"""OpenAPI examples for the customs endpoints (the demo licence DEMO-LIC-0001)."""

from drf_spectacular.utils import OpenApiExample

LICENCE = OpenApiExample("Active licence, partly used", value={
    "number": "DEMO-LIC-0001", "status": "active", "licence_type": "individual",
    "holder": {"name": "Acme Photonics B.V.", "eori": "NL812345678"},
    "valid_from": "2026-11-23", "valid_until": "2028-11-22",
    "destinations": ["JP"], "end_users": ["Hamamatsu Research Institute"],
    "lines": [{
        "line": 1, "control_entry": "6A003.b.4.b", "description": "Uncooled thermal imaging cameras",
        "authorised_quantity": "100.000", "used_quantity": "3.000", "remaining_quantity": "97.000",
        "authorised_value_eur": "100000.00", "used_value_eur": "1500.00", "remaining_value_eur": "98500.00",
    }],
}, response_only=True)

WRITE_OFF_REQUEST = OpenApiExample("Three units from line 1", value={
    "declaration_reference": "26NL0000000001234A", "lines": [{"line": 1, "quantity": 3, "value_eur": 1500.00}],
}, request_only=True)

RECEIPT = OpenApiExample("Written off", value={
    "id": 42, "licence": "DEMO-LIC-0001", "declaration_reference": "26NL0000000001234A",
    "created_at": "2026-11-23T12:00:00+01:00", "reversed_at": None,
    "lines": [{"line": 1, "quantity": "3.000", "value_eur": "1500.00",
               "remaining_quantity": "97.000", "remaining_value_eur": "98500.00"}],
}, response_only=True, status_codes=["201"])

REVERSED = OpenApiExample("Reversed", value={
    "id": 42, "licence": "DEMO-LIC-0001", "declaration_reference": "26NL0000000001234A",
    "created_at": "2026-11-23T12:00:00+01:00", "reversed_at": "2026-11-23T12:30:00+01:00",
    "lines": [{"line": 1, "quantity": "3.000", "value_eur": "1500.00",
               "remaining_quantity": "100.000", "remaining_value_eur": "100000.00"}],
}, response_only=True, status_codes=["200"])

OVERDRAW = OpenApiExample("Not enough left", value={
    "detail": "Not enough left on licence DEMO-LIC-0001 (line 1: 2.000 units and EUR 1000.00 remain); "
              "nothing was written off.",
    "reason": "insufficient_balance",
    "lines": [{"line": 1, "requested_quantity": "3.000", "remaining_quantity": "2.000",
               "requested_value_eur": "1500.00", "remaining_value_eur": "1000.00"}],
}, response_only=True, status_codes=["409"])

SUSPENDED = OpenApiExample("Licence suspended", value={
    "detail": "Licence DEMO-LIC-0001 is suspended.", "reason": "suspended", "status": "suspended",
}, response_only=True, status_codes=["409"])

EXPIRED = OpenApiExample("Licence expired", value={
    "detail": "Licence DEMO-LIC-0001 expired on 2028-11-22.", "reason": "expired", "status": "expired",
}, response_only=True, status_codes=["409"])

INVALID_BODY = OpenApiExample("Invalid body", value={
    "lines": [{"quantity": ["Ensure this value is greater than or equal to 0."]}],
}, response_only=True, status_codes=["400"])

NOT_FOUND = OpenApiExample("Unknown licence", value={"detail": "No licence with number NL-0000."},
                           response_only=True, status_codes=["404"])
USAGE_NOT_FOUND = OpenApiExample("Unknown usage", value={"detail": "No usage with id 9999 for this client."},
                                 response_only=True, status_codes=["404"])
KEY_REUSED = OpenApiExample("Key reused with another body", value={
    "detail": "Idempotency-Key 0b7c… was already used with a different request body.",
}, response_only=True, status_codes=["422"])
UNAUTHORISED = OpenApiExample("No token", value={"detail": "Authentication credentials were not provided."},
                              response_only=True, status_codes=["401"])
FORBIDDEN = OpenApiExample("Missing scope", value={"detail": "You do not have permission to perform this action."},
                           response_only=True, status_codes=["403"])
THROTTLED = OpenApiExample("Too many requests", value={"detail": "Request was throttled. Expected available in 12 seconds."},
                           response_only=True, status_codes=["429"])
