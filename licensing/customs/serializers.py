"""Request and response shapes of the customs API (the response shapes also document the OpenAPI schema)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from licensing.models import Licence, LicenceStatus
from licensing.services.customs import RequestedLine, effective_status

ZERO = Decimal("0")


# --- Requests -------------------------------------------------------------------------------------------------


class WriteOffLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(min_value=1, max_value=32767, help_text=_("Licence line number."))
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=ZERO, help_text=_("Units used."))
    value_eur = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=ZERO, help_text=_("Value used, EUR."))

    def validate(self, attrs):
        if attrs["quantity"] == 0 and attrs["value_eur"] == 0:
            raise serializers.ValidationError(_("Give a quantity or a value greater than zero."))
        return attrs


class WriteOffSerializer(serializers.Serializer):
    declaration_reference = serializers.CharField(
        max_length=100, help_text=_("The customs declaration (e.g. MRN) this write-off belongs to.")
    )
    lines = WriteOffLineSerializer(many=True, allow_empty=False, max_length=100)

    def validate_lines(self, lines):
        numbers = [ln["line"] for ln in lines]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise serializers.ValidationError(
                _("Each licence line may appear once; repeated: %(lines)s.") % {"lines": ", ".join(map(str, duplicates))}
            )
        return lines

    def requested_lines(self) -> list[RequestedLine]:
        return [RequestedLine(ln["line"], ln["quantity"], ln["value_eur"]) for ln in self.validated_data["lines"]]


# --- Responses ------------------------------------------------------------------------------------------------


class HolderSerializer(serializers.Serializer):
    name = serializers.CharField()
    eori = serializers.CharField(source="eori_number", allow_null=True)


class LicenceLineStatusSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    control_entry = serializers.CharField()
    description = serializers.CharField()
    authorised_quantity = serializers.DecimalField(source="quantity", max_digits=14, decimal_places=3)
    used_quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    remaining_quantity = serializers.SerializerMethodField()
    authorised_value_eur = serializers.DecimalField(source="value_eur", max_digits=14, decimal_places=2)
    used_value_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining_value_eur = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=3))
    def get_remaining_quantity(self, obj) -> str:
        return str(obj.quantity - obj.used_quantity)

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_remaining_value_eur(self, obj) -> str:
        return str(obj.value_eur - obj.used_value_eur)


class LicenceCheckSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.SerializerMethodField()
    licence_type = serializers.CharField()
    holder = HolderSerializer()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    destinations = serializers.ListField(child=serializers.CharField(), help_text=_("ISO 3166 alpha-2 codes."))
    end_users = serializers.ListField(child=serializers.CharField())
    lines = LicenceLineStatusSerializer(many=True)

    def get_status(self, obj: Licence) -> LicenceStatus:
        return effective_status(obj)


class UsageLineReceiptSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    value_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining_quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    remaining_value_eur = serializers.DecimalField(max_digits=14, decimal_places=2)


class UsageReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Usage id, for a later reversal."))
    licence = serializers.CharField()
    declaration_reference = serializers.CharField()
    created_at = serializers.DateTimeField()
    reversed_at = serializers.DateTimeField(allow_null=True)
    lines = UsageLineReceiptSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ShortLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    requested_quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    remaining_quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    requested_value_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining_value_eur = serializers.DecimalField(max_digits=14, decimal_places=2)


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reason = serializers.ChoiceField(
        choices=["insufficient_balance", "suspended", "revoked", "expired", "not_yet_valid"]
    )
    status = serializers.ChoiceField(choices=LicenceStatus.choices, required=False)
    lines = ShortLineSerializer(many=True, required=False, help_text=_("Each line that is short, and what remains."))
