"""The variant families, in the order samples cycle through them."""

from __future__ import annotations

from samples.layouts import (
    checkbox_symbols,
    content_controls,
    header_footer,
    headings,
    inline_labels,
    label_noise,
    nested_tables,
    split_tables,
    value_below,
    value_formats,
)
from samples.layouts.registry import Variant

ALL: tuple[Variant, ...] = (
    inline_labels.VARIANT,
    value_below.VARIANT,
    label_noise.VARIANT,
    headings.VARIANT,
    split_tables.VARIANT,
    nested_tables.VARIANT,
    checkbox_symbols.VARIANT,
    content_controls.VARIANT,
    header_footer.VARIANT,
    value_formats.VARIANT,
)
