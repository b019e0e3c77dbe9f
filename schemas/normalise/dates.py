"""Dates and year-months in the ways Chinese forms write them, as ISO text."""

from __future__ import annotations

import re
from datetime import date

from schemas.normalise.numerals import DIGITS, SMALL_UNITS, parse_numeral
from schemas.normalise.text import to_halfwidth, without_whitespace

_PART = r"([0-9" + "".join(DIGITS) + "".join(SMALL_UNITS) + r"]+)"
_SEP = r"[年/.\-]"
#: A spreadsheet date often carries a midnight time of day.
_TIME = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2})?\s*$")
_DATE = re.compile(rf"^{_PART}{_SEP}{_PART}{_SEP}{_PART}[日号]?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEARMONTH = re.compile(rf"^{_PART}{_SEP}{_PART}月?$")
_COMPACT_YEARMONTH = re.compile(r"^(\d{4})(\d{2})$")


class DateProblem(ValueError):
    """Text that was written but is not a calendar date."""


def _prepared(raw: str) -> str:
    text = _TIME.sub("", to_halfwidth(raw).strip())
    return without_whitespace(text).replace("月", "-", 1)


def _number(part: str) -> int | None:
    value = parse_numeral(part)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _parts(match: re.Match[str] | None) -> list[int] | None:
    if match is None:
        return None
    numbers = [_number(part) for part in match.groups()]
    return None if any(n is None for n in numbers) else [n for n in numbers if n is not None]


def parse_date(raw: str) -> str:
    text = _prepared(raw)
    parts = _parts(_DATE.match(text) or _COMPACT_DATE.match(text))
    if parts is None:
        raise DateProblem(
            f"无法识别为日期：“{raw.strip()}”（not a date, expected e.g. 2019年3月5日）"
        )
    year, month, day = parts
    try:
        return date(year, month, day).isoformat()
    # A misread run of digits (a scan's 2019年03月0501日) may be too large for a C int.
    except (ValueError, OverflowError):
        raise DateProblem(f"不存在的日期：“{raw.strip()}”（no such date）") from None


def parse_date_or_month(raw: str) -> tuple[str, bool]:
    """A date, or only its year and month when that is all that was written (2016年5月):
    the ISO text, and whether the day was given."""
    try:
        return parse_date(raw), True
    except DateProblem:
        text = _prepared(raw).rstrip("-")
        if not (_YEARMONTH.match(text) or _COMPACT_YEARMONTH.match(text)):
            raise
    return parse_yearmonth(raw), False


def parse_yearmonth(raw: str) -> str:
    text = _prepared(raw).rstrip("-")
    parts = _parts(_YEARMONTH.match(text) or _COMPACT_YEARMONTH.match(text))
    if parts is None:
        # A full date is more than a year-month asks for; its month is what counts.
        return parse_date(raw)[:7]
    year, month = parts
    if not (1 <= month <= 12 and 1000 <= year <= 9999):
        raise DateProblem(f"不存在的年月：“{raw.strip()}”（no such month）")
    return f"{year:04d}-{month:02d}"
