"""Chinese numerals, the way people write counts and percentages in forms."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
SMALL_UNITS = ("", "十", "百", "千")


def _below_10000(n: int) -> str:
    out: list[str] = []
    zero = False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[digit] + SMALL_UNITS[power])
    return "".join(out)


def chinese_int(n: int) -> str:
    """12 -> 十二, 105 -> 一百零五, 20300 -> 二万零三百; 0 <= n < 10**8."""
    if not 0 <= n < 10**8:
        raise ValueError(f"{n} is outside what chinese_int writes (0 to 99999999)")
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    text = ""
    if high:
        text = _below_10000(high) + "万"
        if low and low < 1000:
            text += "零"
    if low:
        text += _below_10000(low)
    if text.startswith("一十"):
        text = text[1:]
    return text


def chinese_decimal(text: str) -> str:
    """'5.2' -> 五点二: the whole part as a number, the decimals digit by digit."""
    whole, _, decimals = text.partition(".")
    out = chinese_int(int(whole))
    if decimals:
        out += "点" + "".join(DIGITS[int(d)] for d in decimals)
    return out
