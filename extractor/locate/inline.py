"""Several "label：value" pairs written on one line of a cell or paragraph."""

from __future__ import annotations

from collections.abc import Callable

from extractor.locate.model import Finding, Spot
from extractor.locate.view import LayoutView
from extractor.pairs import may_hold_pairs


def read_pairs(
    view: LayoutView, text: str, spot_of: Callable[[str], Spot], decided: set[str]
) -> Finding | None:
    """The pairs of a line holding two or more, or None; ``decided`` labels are left alone
    (the first place a label is printed decides its value) and the new ones added to it."""
    if not may_hold_pairs(text, view.printed):
        return None
    pairs = view.splitter().split(text)
    if not pairs:
        return None
    found = Finding()
    for pair in pairs:
        spec = view.form.field(pair.label)
        if spec.is_year_table or spec.is_list_table or pair.label in decided:
            continue
        decided.add(pair.label)
        if pair.value:
            found.scalars[pair.label] = (spot_of(pair.value), 1.0)
    return found


__all__ = ["read_pairs"]
