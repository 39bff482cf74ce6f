"""Presentation helpers for Dualis templates: `{% load dualis_tags %}`.

Filters
-------
- ``field|with_aria``       -> the field's widget rendered with ``aria-describedby`` (hint + error ids)
                               and ``aria-invalid="true"`` when the field has errors.
- ``field|hint_id`` / ``field|error_id`` -> the ids that ``components/field.html`` gives hint and errors.
- ``value|badge_class``     -> a CSS modifier class for a status/recommendation value (``badge--success``...).
- ``value|recommendation_label`` -> translated human label for a status/recommendation value.
- ``value|humanise``        -> ``"end_user_concern"`` -> ``"End user concern"``.
- ``value|is_url``          -> True when the string starts with http:// or https://.
- ``request.path|aria_current:url`` -> `` aria-current="page"`` when path is url or below it
                               (``aria_current_exact`` for exact match only).
- ``page_obj|elided_pages`` / ``n|is_ellipsis:page_obj`` -> page numbers for components/pagination.html.
- ``code|country``         -> "Germany (DE)" / "Duitsland (DE)" in the active language (dualis.countries).
- ``codes|country_list``    -> the same for a list of codes, comma-separated.
- ``finding|finding_outcome`` -> a rule finding's recommendation/outcome/effect, or "".

Tags
----
- ``{% nav_current request.path "ns:a ns:b ..." as current %}`` -> the URL among those names that best
  (longest-prefix) matches the path; the navigation templates mark ``u == current`` with aria-current.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from dualis import countries

register = template.Library()


@register.filter
def country(code) -> str:
    return countries.label(code)


@register.filter
def country_list(codes) -> str:
    return ", ".join(countries.label(c) for c in (codes or []))


def _base_id(bound_field) -> str:
    return bound_field.auto_id or f"id_{bound_field.html_name}"


@register.filter
def hint_id(bound_field) -> str:
    return f"{_base_id(bound_field)}-hint"


@register.filter
def error_id(bound_field) -> str:
    return f"{_base_id(bound_field)}-error"


@register.filter
def with_aria(bound_field):
    """Render the widget with aria-describedby / aria-invalid wired to the hint and error ids.

    Any aria-describedby already set on the widget is kept (appended after ours).
    """
    if not hasattr(bound_field, "as_widget"):
        return bound_field
    attrs: dict[str, str] = {}
    described = []
    if bound_field.help_text:
        described.append(hint_id(bound_field))
    if bound_field.errors:
        described.append(error_id(bound_field))
        attrs["aria-invalid"] = "true"
    existing = bound_field.field.widget.attrs.get("aria-describedby")
    if existing:
        described.append(existing)
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


# Status (licensing.models.applications.Status, licences, registrations) and rule-engine
# recommendation values -> tone. Tones are styled in static/css/dualis.css (.badge--*).
_TONES = {
    "draft": "neutral",
    "submitted": "info",
    "under_review": "info",
    "information_requested": "warning",
    "awaiting_countersignature": "warning",
    "approved": "success",
    "denied": "error",
    "ad_hoc_requirement_imposed": "error",
    "no_licence_required": "success",
    "withdrawn": "neutral",
    "active": "success",
    "suspended": "warning",
    "revoked": "error",
    "expired": "neutral",
    "deny": "error",
    "approve": "success",
    "general_authorisation": "success",
    "ad_hoc_licence_required": "warning",
    "licence_required": "warning",
    "refer": "warning",
    "ad_hoc_requirement": "error",
    "pending": "info",
    "delivered": "success",
    "failed": "error",
    # Finding effects (licensing.rules.findings)
    "prohibits": "error",
    "refusal_ground": "error",
    "ad_hoc": "warning",
    "requires_licence": "warning",
    "consult": "info",
    "permits": "success",
    "info": "neutral",
}

_LABELS = {
    "draft": _("Draft"),
    "submitted": _("Submitted"),
    "under_review": _("Under review"),
    "information_requested": _("Information requested"),
    "awaiting_countersignature": _("Awaiting countersignature"),
    "approved": _("Approved"),
    "denied": _("Denied"),
    "ad_hoc_requirement_imposed": _("Ad-hoc licence requirement imposed"),
    "no_licence_required": _("No licence required"),
    "withdrawn": _("Withdrawn"),
    "active": _("Active"),
    "suspended": _("Suspended"),
    "revoked": _("Revoked"),
    "expired": _("Expired"),
    "deny": _("Deny"),
    "approve": _("Approve"),
    "general_authorisation": _("Covered by a general authorisation"),
    "ad_hoc_licence_required": _("Ad-hoc licence required"),
    "licence_required": _("Licence required"),
    "refer": _("Refer to an officer"),
    "ad_hoc_requirement": _("Impose an ad-hoc licence requirement"),
    "pending": _("Pending"),
    "delivered": _("Delivered"),
    "failed": _("Failed"),
    "prohibits": _("Prohibited"),
    "refusal_ground": _("Ground for refusal"),
    "ad_hoc": _("Catch-all control applies"),
    "requires_licence": _("Licence required"),
    "consult": _("Check or consult"),
    "permits": _("Permitted"),
    "info": _("Information"),
}


def _key(value) -> str:
    return str(getattr(value, "value", value) or "").strip().lower()


@register.filter
def badge_class(value) -> str:
    return f"badge--{_TONES.get(_key(value), 'neutral')}"


@register.filter
def badge_tone(value) -> str:
    return _TONES.get(_key(value), "neutral")


@register.filter
def recommendation_label(value):
    key = _key(value)
    if key in _LABELS:
        return _LABELS[key]
    return humanise(value)


@register.filter
def humanise(value) -> str:
    text = str(getattr(value, "value", value) or "").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def is_url(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


@register.filter
def aria_current(path, url):
    """aria-current="page" when `path` is `url` or a page below it."""
    if url and path and (path == url or (url.endswith("/") and path.startswith(url))):
        return mark_safe(' aria-current="page"')
    return ""


@register.filter
def aria_current_exact(path, url):
    if url and path == url:
        return format_html(' aria-current="{}"', "page")
    return ""


@register.filter
def elided_pages(page_obj, on_each_side=2):
    """Page numbers for components/pagination.html, with Paginator.ELLIPSIS gaps."""
    try:
        return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=int(on_each_side), on_ends=1)
    except AttributeError:
        return []


@register.filter
def is_ellipsis(value, page_obj) -> bool:
    return value == getattr(page_obj.paginator, "ELLIPSIS", "…")


def _get(obj, key):
    if isinstance(obj, dict):
        return obj.get(key)
    return getattr(obj, key, None)


@register.filter
def finding_outcome(finding):
    """The outcome a finding carries (its `recommendation`, `outcome` or `effect` key), or ""."""
    for key in ("recommendation", "outcome", "effect"):
        value = _get(finding, key)
        if value:
            return value
    return ""


@register.simple_tag
def nav_current(path, names):
    """The URL, among the URL names in `names` (space-separated), that best matches `path`.

    `{% nav_current request.path "portal:dashboard portal:applications" as current %}` then
    `{% if u == current %} aria-current="page"{% endif %}`: the longest URL equal to the path or a
    folder above it wins, so a section root ("/portal/") is current only when nothing deeper matches.
    Names that do not reverse (pages not built yet) are skipped.
    """
    from django.urls import NoReverseMatch, reverse

    best = ""
    for name in str(names).split():
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if path == url or (url.endswith("/") and str(path or "").startswith(url)):
            if len(url) > len(best):
                best = url
    return best
