from django.contrib import admin

from .models import ControlListVersion


@admin.register(ControlListVersion)
class ControlListVersionAdmin(admin.ModelAdmin):
    list_display = ["version_id", "valid_from", "status", "entry_count", "item_count", "imported_at"]
    readonly_fields = ["checksum", "imported_at", "activated_at", "entry_count", "item_count"]
