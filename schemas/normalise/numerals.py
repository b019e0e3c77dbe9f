"""Numbers written in Chinese (三百二十五, 一千零五, 两万, 五点二), also with digits (1.2亿)."""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_POINT = "点"

_TOKEN = re.compile(
    r"\d+(?:\.\d+)?|[" + "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + _POINT + "]"
)


def tokens(text: str) -> list[str] | None:
    """The numeral tokens of ``text``, or None if anything else is in it."""
    found = _TOKEN.findall(text)
    return found if found and "".join(found) == text else None


def has_big_unit(text: str) -> bool:
    return any(ch in BIG_UNITS for ch in text)


class _Reader:
    """Left-to-right reading of one numeral; ``None`` marks a malformed one."""

    def __init__(self) -> None:
        self.above_wan = Decimal(0)
        self.wan = Decimal(0)
        self.section = Decimal(0)
        self.current: Decimal | None = None
        self.previous = ""
        self.last_unit = 0

    def digit(self, token: str) -> bool:
        value = Decimal(token) if token[0].isdigit() else Decimal(DIGITS[token])
        if self.current is not None and self.previous in DIGITS and token in DIGITS:
            # Digit by digit, as years are written (二〇一九).
            self.current = self.current * 10 + value
        elif self.current is not None:
            return False
        else:
            self.current = value
        return True

    def small_unit(self, token: str) -> bool:
        unit = SMALL_UNITS[token]
        leading = self.current if self.current is not None else Decimal(1)
        self.section += leading * unit
        self.current = None
        self.last_unit = unit
        return True

    def big_unit(self, token: str) -> bool:
        group = self.section + (self.current or 0)
        if token in ("万", "萬"):
            if group == 0 and self.current is None:
                return False
            self.wan = group * BIG_UNITS[token]
        else:
            group += self.wan + self.above_wan
            if group == 0 and self.current is None:
                return False
            self.above_wan = group * BIG_UNITS[token]
            self.wan = Decimal(0)
        self.section = Decimal(0)
        self.current = None
        self.last_unit = BIG_UNITS[token]
        return True

    def total(self, colloquial_tail: bool) -> Decimal:
        current = self.current or Decimal(0)
        if colloquial_tail and self.last_unit >= 100:
            # 三千五 is 3500 and 一万二 is 12000: a lone last digit counts in the next unit down.
            current *= self.last_unit // 10
        return self.above_wan + self.wan + self.section + current


def _fraction(parts: list[str]) -> Decimal | None:
    digits = []
    for token in parts:
        if token in DIGITS:
            digits.append(str(DIGITS[token]))
        elif token.isdigit():
            digits.append(token)
        else:
            return None
    return Decimal("0." + "".join(digits)) if digits else None


def parse_numeral(text: str) -> Decimal | None:
    """The value of a Chinese (or mixed) numeral; None if ``text`` is not one."""
    found = tokens(text)
    if found is None:
        return None
    fraction = Decimal(0)
    if _POINT in found:
        at = found.index(_POINT)
        parsed = _fraction(found[at + 1 :])
        if parsed is None or at == 0:
            return None
        found, fraction = found[:at], parsed
    reader = _Reader()
    for token in found:
        if token in SMALL_UNITS:
            ok = reader.small_unit(token)
        elif token in BIG_UNITS:
            ok = reader.big_unit(token)
        else:
            ok = reader.digit(token)
        if not ok:
            return None
        reader.previous = token
    tail_is_lone_digit = len(found) >= 2 and found[-1] in DIGITS and found[-2] not in DIGITS
    colloquial = tail_is_lone_digit and found[-1] not in ("零", "〇", "○") and not fraction
    return reader.total(colloquial) + fraction
