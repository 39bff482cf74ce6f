from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiClient, Application, AuditEvent, Licence, LicenceLine, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "role", "organisation", "organisation_role", "team", "preferred_language")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "eori_number", "chamber_of_commerce_number", "has_icp"]
    search_fields = ["name", "eori_number"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "token_prefix", "is_active", "last_used_at"]
    readonly_fields = ["token_hash", "token_prefix", "last_used_at", "created_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "licence_type", "status", "destination", "submitted_at"]
    list_filter = ["status", "licence_type"]
    readonly_fields = ["status"]


class LicenceLineInline(admin.TabularInline):
    model = LicenceLine
    extra = 0


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["number", "holder", "status", "valid_from", "valid_until"]
    inlines = [LicenceLineInline]
    readonly_fields = ["status"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


from .customs import admin as customs_admin  # noqa: E402,F401  (API clients with tokens, webhook deliveries)
