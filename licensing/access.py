"""Access control in one place: which side a user belongs to, and the organisation scope of every query.

Officers and exporters are different worlds: an exporter never reaches /backoffice/, an officer never
acts as an exporter. Exporters' data is always filtered by `scope_to_organisation`.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def _role_required(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


exporter_required = _role_required(lambda u: u.is_exporter and u.organisation_id is not None)
officer_required = _role_required(lambda u: u.is_officer)
senior_required = _role_required(lambda u: u.is_senior)
administrator_required = _role_required(lambda u: u.is_administrator)


class ExporterRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not (request.user.is_exporter and request.user.organisation_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not request.user.is_officer:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def scope_to_organisation(queryset, user, field: str = "organisation"):
    """The single place that scopes exporter data: officers see all, exporters only their organisation's,
    anyone else nothing."""
    if getattr(user, "is_officer", False):
        return queryset
    org_id = getattr(user, "organisation_id", None)
    if getattr(user, "is_exporter", False) and org_id:
        return queryset.filter(**{field: org_id})
    return queryset.none()
