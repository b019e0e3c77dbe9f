"""Every layout a sample can have: the faithful one and the variant families."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from random import Random

from samples.model import DocSpec
from schemas.catalogue import FormSpec

FAITHFUL = "faithful"


@dataclass(frozen=True)
class Variant:
    name: str
    #: The habits of real forms the variant exercises, for the README and reports.
    habits: str
    applies: Callable[[FormSpec], bool]
    apply: Callable[[DocSpec, FormSpec, Random], None]


def variants() -> tuple[Variant, ...]:
    from samples.layouts import variants as family

    return family.ALL


def variant(name: str) -> Variant:
    for candidate in variants():
        if candidate.name == name:
            return candidate
    known = ", ".join(v.name for v in variants())
    raise KeyError(f"unknown layout {name!r}; known: {FAITHFUL}, {known}")


def variants_for(form: FormSpec) -> list[Variant]:
    return [v for v in variants() if v.applies(form)]
