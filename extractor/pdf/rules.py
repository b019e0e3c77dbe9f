"""Ruling lines of a PDF page from pdfplumber's edges, for ``extractor.page.grids``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from extractor.layout import BBox
from extractor.page.grids import MIN_RULE, Rule


def _inside(obj: dict[str, Any], boxes: Sequence[BBox], pad: float) -> bool:
    return any(
        obj["x0"] >= b[0] - pad
        and obj["x1"] <= b[2] + pad
        and obj["top"] >= b[1] - pad
        and obj["bottom"] <= b[3] + pad
        for b in boxes
    )


def pdf_rules(edges: Iterable[dict[str, Any]], exclude: Sequence[BBox]) -> list[Rule]:
    """Rules from pdfplumber edges (lines, rect and curve sides), leaving out checkbox parts."""
    rules = []
    for edge in edges:
        if _inside(edge, exclude, 1.0):
            continue
        if edge["orientation"] == "h" and edge["x1"] - edge["x0"] >= MIN_RULE:
            pos = (edge["top"] + edge["bottom"]) / 2
            rules.append(Rule(True, pos, edge["x0"], edge["x1"]))
        elif edge["orientation"] == "v" and edge["bottom"] - edge["top"] >= MIN_RULE:
            pos = (edge["x0"] + edge["x1"]) / 2
            rules.append(Rule(False, pos, edge["top"], edge["bottom"]))
    return rules


__all__ = ["pdf_rules"]
