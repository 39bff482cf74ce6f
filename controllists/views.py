"""Public pages of the control list: tree, entry, search and version comparison."""

from django.http import Http404
from django.shortcuts import render

from . import codes, selectors
from .models import ControlEntry


def _version(request):
    version = selectors.get_version(request.GET.get("version"))
    if version is None:
        raise Http404("No control-list version is loaded.")
    return version


def tree(request):
    version = _version(request)
    entries = list(ControlEntry.objects.filter(version=version, depth=0).order_by("position").only(
        "code", "text", "category", "product_group", "cyber_surveillance", "annex_iv"))
    categories: dict[str, list] = {}
    for e in entries:
        categories.setdefault(e.category, []).append(e)
    return render(request, "controllists/tree.html", {
        "version": version, "versions": selectors.versions(), "categories": sorted(categories.items()),
    })


def entry(request, code):
    version = _version(request)
    normal = codes.try_normalise(code)
    item = selectors.entry(version, normal) if normal else None
    if item is None:
        return render(request, "controllists/unknown_entry.html", {
            "version": version, "code": code, "suggestions": selectors.suggestions(version, code)}, status=404)
    return render(request, "controllists/entry.html", {
        "version": version,
        "item": item,
        "ancestors": [selectors.entry(version, c) for c in reversed(codes.ancestors(item.code))],
        "subtree": selectors.subtree(version, item.entry_code) if item.depth == 0 else list(
            ControlEntry.objects.filter(version=version, code__startswith=item.code + ".").order_by("position")),
        "general_authorisations": selectors.general_authorisations_covering(version, item),
        "history": selectors.history(item.code),
    })


def search(request):
    version = _version(request)
    query = request.GET.get("q", "")
    return render(request, "controllists/search.html", {
        "version": version, "query": query, "results": selectors.search(version, query) if query else [],
        "versions": selectors.versions(),
    })


def versions(request):
    return render(request, "controllists/versions.html", {"versions": selectors.versions()})


def compare(request):
    all_versions = list(selectors.versions())
    a = selectors.get_version(request.GET.get("a")) if request.GET.get("a") else (all_versions[-1] if all_versions else None)
    b = selectors.get_version(request.GET.get("b")) if request.GET.get("b") else (all_versions[0] if all_versions else None)
    if a is None or b is None:
        raise Http404("Unknown version.")
    changes = selectors.compare(a, b)
    return render(request, "controllists/compare.html", {
        "a": a, "b": b, "versions": all_versions, "changes": changes,
        "summary": {k: sum(1 for c in changes if c.change == k) for k in ("added", "removed", "changed")},
    })
