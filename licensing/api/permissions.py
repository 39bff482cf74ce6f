"""Who may call what: officers, exporter users, and API clients by scope."""

from rest_framework.permissions import BasePermission

from licensing.models import ApiClient


def is_api_client(principal) -> bool:
    return isinstance(principal, ApiClient)


class HasScope(BasePermission):
    """Allows API clients holding `required_scope` (set on the view) and, where `allow_users` is set on the
    view, signed-in officers and exporter users."""

    def has_permission(self, request, view):
        principal = request.user
        if is_api_client(principal):
            return principal.has_scope(getattr(view, "required_scope", ""))
        if not (principal and principal.is_authenticated):
            return False
        allowed = getattr(view, "allow_users", ())
        return ("officer" in allowed and principal.is_officer) or ("exporter" in allowed and principal.is_exporter)


class IsOfficer(BasePermission):
    def has_permission(self, request, view):
        u = request.user
        return bool(u and u.is_authenticated and not is_api_client(u) and u.is_officer)


class IsExporter(BasePermission):
    def has_permission(self, request, view):
        u = request.user
        return bool(u and u.is_authenticated and not is_api_client(u) and u.is_exporter)
