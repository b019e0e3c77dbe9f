"""The forms as 附件2 of the 2022 notice prints them, filled in."""

from __future__ import annotations

from collections.abc import Callable

from samples.layouts.forms import (
    entrepreneur,
    innovation_org,
    leading_tech,
    rising_company,
    tech_manager,
)
from samples.layouts.grid import Values
from samples.model import DocBlock, DocSpec
from schemas.catalogue import FormSpec

BUILDERS: dict[str, Callable[[FormSpec, Values], list[DocBlock]]] = {
    "leading_tech": leading_tech.build,
    "rising_company": rising_company.build,
    "innovation_org": innovation_org.build,
    "entrepreneur": entrepreneur.build,
    "tech_manager": tech_manager.build,
}


def build(form: FormSpec, values: Values) -> DocSpec:
    return DocSpec(blocks=BUILDERS[form.key](form, values))
