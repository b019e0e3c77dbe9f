"""The variant families, in the order samples cycle through them."""

from __future__ import annotations

from samples.layouts.registry import Variant

ALL: tuple[Variant, ...] = ()
