"""Shapes of the exporter applications API. The body uses the fields of an evaluation request
(CONTRACT.md: destination, end_user, items, end_use, declarations, exporter) plus the application's own."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from licensing.models import (
    Application,
    Document,
    DocumentKind,
    EndUserType,
    ExportType,
    InformationRequest,
    LicenceType,
    PartyRole,
)
from licensing.portal import selectors
from licensing.services.applications import clean_control_entry

ISO_COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries)


def validate_country(value: str) -> str:
    code = (value or "").strip().upper()
    if code not in ISO_COUNTRIES:
        raise serializers.ValidationError(_("'%(value)s' is not an ISO 3166-1 alpha-2 country code such as 'DE'.")
                                          % {"value": value})
    return code


class PartySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    address = serializers.CharField(required=False, allow_blank=True, default="")
    country = serializers.CharField(max_length=2, validators=[validate_country])
    type = serializers.ChoiceField(choices=EndUserType.choices, default=EndUserType.COMMERCIAL)
    website = serializers.URLField(required=False, allow_blank=True, default="")


class ItemSerializer(serializers.Serializer):
    description = serializers.CharField()
    part_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    control_entry = serializers.CharField(
        max_length=40, required=False, allow_blank=True, allow_null=True, default=None,
        help_text=_("Annex I code at any depth, or null for a non-listed item"),
    )
    cyber_surveillance = serializers.BooleanField(default=False)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0)
    value_eur = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    product = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       help_text=_("id of a product in your organisation's catalogue"))

    def validate_control_entry(self, value):
        try:
            return clean_control_entry(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def validate_product(self, value):
        if value is None:
            return None
        product = selectors.products(self.context["request"].user).filter(pk=value).first()
        if product is None:
            raise serializers.ValidationError(_("No product with id %(id)s in your catalogue.") % {"id": value})
        return product

    def to_representation(self, item):
        return {
            "description": item.description, "part_number": item.part_number,
            "control_entry": item.control_entry or None, "cyber_surveillance": item.cyber_surveillance,
            "quantity": str(item.quantity), "value_eur": str(item.value_eur), "product": item.product_id,
        }


class DeclarationsSerializer(serializers.Serializer):
    wmd = serializers.BooleanField(default=False)
    military_end_use = serializers.BooleanField(default=False)
    internal_repression = serializers.BooleanField(default=False)
    confirmed = serializers.BooleanField(
        default=False, help_text=_("The exporter confirms the declarations are complete and true"))


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at",
                  "information_request"]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[c for c in DocumentKind.choices if c[0] != "information_reply"])
    file = serializers.FileField()


class InformationRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = InformationRequest
        fields = ["id", "question", "asked_at", "due_on", "reply", "replied_at"]
        read_only_fields = fields


class InformationReplySerializer(serializers.Serializer):
    reply = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ApplicationSerializer(serializers.Serializer):
    """Create (POST) and change (PATCH) a draft; every field is optional until submission."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    licence_type = serializers.ChoiceField(choices=LicenceType.choices, required=False)
    export_type = serializers.ChoiceField(choices=ExportType.choices, required=False)
    destination = serializers.CharField(max_length=2, required=False, allow_blank=True)
    end_use = serializers.CharField(required=False, allow_blank=True)
    intra_group = serializers.BooleanField(required=False)
    large_project = serializers.BooleanField(required=False)
    declarations = DeclarationsSerializer(required=False)
    end_user = PartySerializer(required=False, allow_null=True)
    consignees = PartySerializer(many=True, required=False)
    intermediate_consignees = PartySerializer(many=True, required=False)
    third_parties = PartySerializer(many=True, required=False)
    items = ItemSerializer(many=True, required=False)
    exporter = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    evaluation = serializers.SerializerMethodField(
        help_text=_("Exporter-visible part of the evaluation at submission: items[].listed, general "
                    "authorisation, non-confidential findings; the recommendation is withheld"))
    missing = serializers.SerializerMethodField(help_text=_("For a draft: what must still be provided"))

    def validate_destination(self, value):
        return validate_country(value) if value else ""

    def get_exporter(self, app) -> dict:
        org = app.organisation
        return {"name": org.name, "eori_number": org.eori_number, "member_state": org.country,
                "has_icp": org.has_icp, "intra_group": app.intra_group}

    def get_evaluation(self, app) -> dict | None:
        if app.is_draft or app.latest_evaluation is None:
            return None
        return selectors.exporter_evaluation(app.latest_evaluation.response)

    def get_missing(self, app) -> dict | None:
        if not app.is_draft:
            return None
        from licensing.services.applications import missing_for_submission

        return missing_for_submission(app)

    def to_representation(self, app: Application):
        data = super().to_representation(app)
        parties = list(app.parties.all())
        by_role = {role: [PartySerializer(p).data for p in parties if p.role == role] for role in PartyRole.values}
        data["end_user"] = (by_role[PartyRole.END_USER] or [None])[0]
        data["consignees"] = by_role[PartyRole.CONSIGNEE]
        data["intermediate_consignees"] = by_role[PartyRole.INTERMEDIATE_CONSIGNEE]
        data["third_parties"] = by_role[PartyRole.THIRD_PARTY]
        data["items"] = [ItemSerializer(i).data for i in app.items.all()]
        data["declarations"] = {
            "wmd": app.declaration_wmd, "military_end_use": app.declaration_military_end_use,
            "internal_repression": app.declaration_internal_repression, "confirmed": app.declarations_confirmed,
        }
        return data


class ApplicationListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "reference", "title", "licence_type", "status", "destination", "created_at",
                  "submitted_at", "decided_at"]
        read_only_fields = fields
