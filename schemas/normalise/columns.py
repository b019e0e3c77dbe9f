"""Year-table column headers as people write them, and the catalogue column each one is.

A year is written 2021, 2021年, 2021年度 or 2021 年; a half year as 2022年1-6月,
2022年（1—6月）, 2022年上半年, or without its year (上半年, 1~6月) when the columns
before it give the years; the mean as 平均值, 平均 or 年均. Every form and reader compares
headers through ``column_key``, and maps a header row onto a field's catalogue columns
through ``match_columns``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

__all__ = ["AVERAGE_KEY", "HALF_YEAR", "column_key", "is_year_key", "match_columns"]

#: The key of the column holding the mean of the year columns.
AVERAGE_KEY = "平均值"
#: Suffix of a half-year column's key: 2022年1-6月 -> 2022H1; H1 alone when no year is given.
HALF_YEAR = "H1"

_DASH = r"[-‐‑‒–—―−~～〜至到]"
_YEAR = re.compile(r"^(20\d\d)(?:年度?)?$")
_HALF = re.compile(rf"^(20\d\d)?(?:年度?)?(?:上半年|1月?{_DASH}6月(?:份)?|前6个?月)$")
_AVERAGES = frozenset({"平均值", "平均", "均值", "年均", "年均值", "三年平均", "近三年平均"})
_BRACKETS = re.compile(r"[()\[\]【】]")
#: Marks no year header is written with: a copy's specks read as dots (2.023年, 2022.年).
_SPECKS = re.compile(r"[.·•'`,、。:;]")
#: What a scan reads a rule's or a seal's remains as, at the end of a header after its year
#: (2021年二, 2021年丨): no header ends so.
_REMAINS = re.compile(r"(?<=[\d年度])[一二_|!丨]+$")


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKC", text)
    return _REMAINS.sub("", _SPECKS.sub("", _BRACKETS.sub("", re.sub(r"\s+", "", plain))))


def column_key(text: str) -> str | None:
    """What a year-table header (or a catalogue column) names: "2021", "2022H1", "H1",
    "平均值"; None for any other text."""
    key = _folded(text)
    year = _YEAR.match(key)
    if year is not None:
        return year.group(1)
    half = _HALF.match(key)
    if half is not None:
        return f"{half.group(1) or ''}{HALF_YEAR}"
    return AVERAGE_KEY if key in _AVERAGES else None


def is_year_key(key: str) -> bool:
    """A key naming a year or a half year (not the mean)."""
    return key != AVERAGE_KEY


def match_columns(header: Mapping[int, str], columns: Sequence[str]) -> dict[int, str]:
    """Grid column -> catalogue column, for a header row's keys (``column_key`` values).

    A half year written without its year is the field's one half-year column."""
    by_key = {column_key(c) or c: c for c in columns}
    halves = [c for k, c in by_key.items() if k.endswith(HALF_YEAR)]
    found: dict[int, str] = {}
    for col, key in header.items():
        column = by_key.get(key)
        if column is None and key == HALF_YEAR and len(halves) == 1:
            column = halves[0]
        if column is not None and column not in found.values():
            found[col] = column
    return found
