"""Admin for API clients (create with a token shown once, rotate, revoke) and webhook deliveries.

Imported at the end of licensing/admin.py; replaces the basic ApiClient admin registered there."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from licensing.admin import ApiClientAdmin as BaseApiClientAdmin
from licensing.models import ApiClient, DeliveryStatus, WebhookDelivery
from licensing.models.apiclients import SCOPES
from licensing.services import api_clients, webhooks


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=[(s, s) for s in SCOPES], widget=forms.CheckboxSelectMultiple
    )
    webhook_url = forms.URLField(label=_("webhook URL"), required=False, assume_scheme="https")

    class Meta:
        model = ApiClient
        fields = ["name", "scopes", "rate", "organisation", "webhook_url", "webhook_secret"]

    def clean_rate(self):
        try:
            return api_clients.clean_rate(self.cleaned_data.get("rate", ""))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["rate"]) from exc


if admin.site.is_registered(ApiClient):
    admin.site.unregister(ApiClient)


@admin.register(ApiClient)
class ApiClientAdmin(BaseApiClientAdmin):
    form = ApiClientForm
    list_display = ["name", "token_prefix", "scopes", "rate", "is_active", "last_used_at", "revoked_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "token_prefix"]
    readonly_fields = ["token_prefix", "is_active", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "scopes", "rate", "organisation", "webhook_url", "webhook_secret", *readonly_fields]
    actions = ["rotate_tokens", "revoke_clients"]

    def save_model(self, request, obj, form, change):
        if change:
            if obj.webhook_url and not obj.webhook_secret:
                obj.webhook_secret = api_clients.new_webhook_secret()
            return super().save_model(request, obj, form, change)
        token = api_clients.register(obj, actor=request.user)
        messages.warning(request, _("Token for %(name)s (shown once; store it now): %(token)s") % {
            "name": obj.name, "token": token})

    @admin.action(description=_("Rotate the token of the selected clients (the old tokens stop working)"))
    def rotate_tokens(self, request, queryset):
        for client in queryset.filter(is_active=True):
            token = api_clients.rotate_token(client, actor=request.user)
            messages.warning(request, _("New token for %(name)s (shown once): %(token)s") % {
                "name": client.name, "token": token})

    @admin.action(description=_("Revoke the selected clients"))
    def revoke_clients(self, request, queryset):
        n = 0
        for client in queryset.filter(is_active=True):
            api_clients.revoke(client, actor=request.user)
            n += 1
        messages.success(request, ngettext("%(n)d client revoked.", "%(n)d clients revoked.", n) % {"n": n})


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "licence", "client", "status", "attempts", "last_status_code",
                    "delivered_at"]
    list_filter = ["status", "event", "client"]
    search_fields = ["licence__number", "client__name"]
    readonly_fields = ["client", "licence", "event", "url", "payload", "status", "attempts", "last_status_code",
                       "last_error", "created_at", "last_attempt_at", "delivered_at"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed deliveries again"))
    def send_again(self, request, queryset):
        from django.db import transaction

        ids = list(queryset.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True))
        WebhookDelivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING)
        for pk in ids:
            transaction.on_commit(lambda pk=pk: webhooks.send(pk))
        messages.success(request, ngettext("%(n)d delivery queued.", "%(n)d deliveries queued.", len(ids)) % {
            "n": len(ids)})
