"""(g) Tick boxes as Word check box content controls (w14:checkbox in a w:sdt)."""

from __future__ import annotations

from random import Random

from samples.layouts.common import has_boxes
from samples.layouts.registry import Variant
from samples.model import DocSpec
from schemas.catalogue import FormSpec


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    doc.checkbox_style = "sdt"


VARIANT = Variant(
    "content_controls",
    "tick boxes as Word content-control check boxes (w14:checkbox, glyph ☒/☐ in the run)",
    has_boxes,
    apply,
)
