"""Bar charts as SVG, drawn on the server: no script and no library in the browser."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Bar", "BarChart", "bar_chart"]

_ROW = 22
_LABEL = 130
_WIDTH = 420


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float
    tone: str


@dataclass(frozen=True)
class BarChart:
    """What the template draws: bars with their place, and the drawing's size."""

    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(title: str, counts: list[tuple[str, int, str]]) -> BarChart:
    """One horizontal bar per (label, count, tone), scaled to the largest count."""
    top = max((count for _label, count, _tone in counts), default=0) or 1
    room = _WIDTH - _LABEL - 50
    bars = [
        Bar(label, count, index * _ROW, max(room * count / top, 1.0 if count else 0.0), tone)
        for index, (label, count, tone) in enumerate(counts)
    ]
    return BarChart(title, bars, _WIDTH, max(len(bars), 1) * _ROW, _LABEL)
