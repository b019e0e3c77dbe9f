"""Pieces every printed form shares: its title and label cells."""

from __future__ import annotations

from samples.layouts.grid import cell
from samples.model import CellSpec, ParaSpec

KINDS = ("申报表", "申请表")


def title(text: str) -> ParaSpec:
    """The form's title as the notice prints it: the list name, then 申报表 on its own line."""
    for kind in KINDS:
        if text.endswith(kind):
            return ParaSpec([[text.removesuffix(kind)], [kind]], align="center", bold=True, size=18)
    return ParaSpec([[text]], align="center", bold=True, size=18)


def lab(printed: str, field: str) -> CellSpec:
    return cell("label", printed, field)


def static(text: str) -> CellSpec:
    return cell("static", text)
