"""Rule-family registry.

A rule family is a function ``fn(ctx) -> list[Finding]`` registered with ``@rule(order=NN)``.
Families run in ascending order and can read ``ctx.findings`` (what earlier families found).
Adding a national rule (e.g. Dutch measures under Art. 9) is one new module in
``licensing.rules.families`` that registers itself, plus its tests; the engine imports every
module of that package.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from .findings import Finding

RuleFn = Callable[[object], list[Finding]]


@dataclass(frozen=True)
class RegisteredRule:
    order: int
    name: str
    fn: RuleFn


_RULES: list[RegisteredRule] = []
generation = 0  # bumped on every (un)registration; part of the engine's result-cache key


def rule(order: int, name: str | None = None) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        global generation
        generation += 1
        key = name or f"{fn.__module__}.{fn.__name__}"
        _RULES[:] = [r for r in _RULES if r.name != key]  # re-import replaces, never duplicates
        _RULES.append(RegisteredRule(order, key, fn))
        _RULES.sort(key=lambda r: (r.order, r.name))
        return fn

    return register


def unregister(name: str) -> None:
    global generation
    generation += 1
    _RULES[:] = [r for r in _RULES if r.name != name]


def registered() -> tuple[RegisteredRule, ...]:
    load_families()
    return tuple(_RULES)


_loaded = False


def load_families() -> None:
    global _loaded
    if _loaded:
        return
    from . import families

    for mod in sorted(m.name for m in pkgutil.iter_modules(families.__path__)):
        importlib.import_module(f"{families.__name__}.{mod}")
    _loaded = True


_fns: tuple[int, tuple[RuleFn, ...]] = (-1, ())  # (generation, family functions in order)


def run(ctx) -> list[Finding]:
    """Run every family in order, collecting findings into ``ctx.findings``."""
    global _fns
    gen, fns = _fns
    if gen != generation or not _loaded:
        fns = tuple(r.fn for r in registered())
        _fns = (generation, fns)
    findings = ctx.findings
    for fn in fns:
        findings.extend(fn(ctx))
    return findings
