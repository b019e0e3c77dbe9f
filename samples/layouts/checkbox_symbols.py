"""(g) Tick boxes written with other symbols: ■ √ ✓ ☒ against □ or ☐ ("电子信息√")."""

from __future__ import annotations

from random import Random

from samples.layouts.common import has_boxes
from samples.layouts.registry import Variant
from samples.model import DocSpec
from schemas.catalogue import FormSpec

GLYPHS = (("■", "□"), ("√", "□"), ("✓", "□"), ("☒", "□"), ("☒", "☐"), ("■", "☐"), ("√", "☐"))


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    doc.box_glyphs = rng.choice(GLYPHS)


VARIANT = Variant(
    "checkbox_symbols",
    "ticked boxes as ■ √ ✓ ☒ and empty ones as □ or ☐, in place of ☑",
    has_boxes,
    apply,
)
