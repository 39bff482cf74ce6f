from rest_framework import serializers

from .models import ControlEntry, ControlListVersion


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ControlListVersion
        fields = [
            "version_id", "celex", "valid_from", "status", "source_url", "checksum", "attribution",
            "amending_act", "regime_updates", "entry_count", "item_count", "known_issues",
        ]


class EntrySummarySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", default=None)
    version = serializers.CharField(source="version.version_id")

    class Meta:
        model = ControlEntry
        fields = ["code", "parent", "entry_code", "category", "product_group", "depth", "text",
                  "cyber_surveillance", "annex_iv", "section_i", "version"]


class EntryDetailSerializer(EntrySummarySerializer):
    children = serializers.SerializerMethodField()
    ancestors = serializers.SerializerMethodField()
    general_authorisations = serializers.SerializerMethodField()
    full_text = serializers.CharField()

    class Meta(EntrySummarySerializer.Meta):
        fields = EntrySummarySerializer.Meta.fields + ["notes", "full_text", "ancestors", "children",
                                                       "general_authorisations"]

    def get_children(self, obj) -> list[str]:
        return [c.code for c in obj.children.all().order_by("position")]

    def get_ancestors(self, obj) -> list[str]:
        from . import codes

        return codes.ancestors(obj.code)

    def get_general_authorisations(self, obj) -> list[str]:
        from .selectors import general_authorisations_covering

        return [g.code for g in general_authorisations_covering(obj.version, obj)]
