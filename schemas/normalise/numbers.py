"""Amounts, counts, percentages and technology readiness levels as written on a form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from schemas.normalise.numerals import has_big_unit, parse_numeral
from schemas.normalise.text import to_halfwidth, without_whitespace

#: Money units, as multiples of one yuan: the catalogue unit a written amount is converted to.
YUAN_PER_UNIT = {
    "元": Decimal(1),
    "千元": Decimal(10**3),
    "万元": Decimal(10**4),
    "百万元": Decimal(10**6),
    "千万元": Decimal(10**7),
    "亿元": Decimal(10**8),
}
_PREFIXES = ("大约", "约", "共计", "共", "合计", "总计", "累计", "人民币", "RMB", "rmb", "¥")
#: Words after a number that say it is about that much: the number is what was written.
_ABOUT = ("左右",)
#: Words written after a count that name what is counted (12人, 3项, 45岁).
COUNT_WORDS = (
    *("人次", "周岁", "岁", "人", "项", "个", "次", "件", "家", "名", "位", "篇", "份", "户"),
)
#: Words after a number that do not change it: what is counted or the currency.
_SUFFIXES = (
    "人民币",
    *COUNT_WORDS,
    # A year column written as "2021年" or "2021年度".
    *("年度", "年"),
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
#: A bracketed aside written after a value: its unit (万元), or a note (缴纳社保人数).
_ASIDE = re.compile(r"\(([^()]*)\)")
#: Currencies other than the yuan, as written, and how a message names them.
FOREIGN_CURRENCIES = {
    "美元": "USD", "美金": "USD", "USD": "USD", "US$": "USD", "$": "USD",
    "欧元": "EUR", "EUR": "EUR", "€": "EUR", "日元": "JPY", "JPY": "JPY",
    "港元": "HKD", "港币": "HKD", "HKD": "HKD", "英镑": "GBP", "GBP": "GBP", "£": "GBP",
}  # fmt: skip
_TRL = re.compile(r"^(?:TRL)?[-:]?第?(.+?)级?$")


def is_unit(text: str) -> bool:
    """Whether ``text`` is a unit a label or value may carry: 万元, 项, 人, %, 年."""
    return text in YUAN_PER_UNIT or text in COUNT_WORDS or text in ("%", "％", "年", "亿")


class NumberProblem(ValueError):
    """Text that was written but is not a number of the kind asked for."""


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    #: A 万/亿 magnitude or 元 was written, so the value is in plain units (yuan, people).
    absolute: bool
    yuan: bool


def _strip_affixes(text: str, unit: str | None) -> str:
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for about in _ABOUT:
        text = text.removesuffix(about)
    suffixes = (*_SUFFIXES, unit) if unit and unit not in YUAN_PER_UNIT else _SUFFIXES
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def _aside(found: re.Match[str]) -> str:
    """A unit in brackets is kept (800(万元)); a note (32(缴纳社保人数)) is not the value."""
    inside = found.group(1)
    return inside if is_unit(inside) or not inside else ""


def _currency(text: str) -> str | None:
    return next((code for word, code in FOREIGN_CURRENCIES.items() if word in text), None)


def _prepared(raw: str, unit: str | None) -> str:
    text = without_whitespace(to_halfwidth(raw))
    text = _ASIDE.sub(_aside, text)
    text = _THOUSANDS.sub("", text)
    currency = _currency(text)
    if currency is not None:
        raise NumberProblem(
            f"“{raw.strip()}”以外币（{currency}）填写，本项应以人民币{unit or ''}填写，"
            f"未换算（amount in {currency}, not in yuan）"
        )
    return _strip_affixes(text, unit)


def _signed(text: str) -> tuple[int, str]:
    if text[:1] in ("-", "负"):
        return -1, text[1:]
    if text[:1] == "+":
        return 1, text[1:]
    return 1, text


def parse_quantity(raw: str, unit: str | None = None) -> Quantity:
    text = _prepared(raw, unit)
    sign, text = _signed(text)
    yuan = text.endswith("元")
    if yuan:
        text = text[:-1]
    value = parse_numeral(text)
    if value is None:
        raise NumberProblem(f"无法识别为数字：“{raw.strip()}”（not a number）")
    return Quantity(sign * value, absolute=yuan or has_big_unit(text), yuan=yuan)


def in_unit(quantity: Quantity, unit: str | None, raw: str) -> Decimal:
    """The amount in the catalogue unit; a bare number is taken to be in that unit already."""
    factor = YUAN_PER_UNIT.get(unit or "")
    if quantity.yuan and factor is None:
        raise NumberProblem(f"“{raw.strip()}”写了金额单位“元”，但此项不是金额（not an amount）")
    if factor is not None and quantity.absolute:
        return quantity.value / factor
    return quantity.value


def parse_number(raw: str, unit: str | None = None, *, printed: str | None = None) -> float:
    """A number in the catalogue ``unit``; a bare one is in the unit its label ``printed``
    (研发经费总额（元）) when that is another money unit, else in the catalogue's."""
    quantity = parse_quantity(raw, unit)
    bare_in = YUAN_PER_UNIT.get(printed or "")
    factor = YUAN_PER_UNIT.get(unit or "")
    if bare_in is not None and factor is not None and not quantity.absolute:
        return float(quantity.value * bare_in / factor)
    return float(in_unit(quantity, unit, raw))


def printed_unit(label_text: str) -> str | None:
    """The money unit a printed label names: 注册资本（万元）, 税收贡献（缴税总额/元）, …/亿元."""
    text = without_whitespace(to_halfwidth(label_text))
    words = [w for part in re.findall(r"\(([^()]*)\)", text) for w in part.split("/")]
    words += [text.rpartition("/")[2]] if "/" in text else []
    money = [w for w in words if w in YUAN_PER_UNIT]
    return money[-1] if money else None


def parse_int(raw: str, unit: str | None = None) -> int:
    value = in_unit(parse_quantity(raw, unit), unit, raw)
    if value != value.to_integral_value():
        raise NumberProblem(f"“{raw.strip()}”不是整数（not a whole number）")
    return int(value)


def parse_percent(raw: str) -> float:
    text = without_whitespace(to_halfwidth(raw))
    for prefix in ("大约", "约"):
        text = text.removeprefix(prefix)
    for about in _ABOUT:
        text = text.removesuffix(about)
    text = text.removeprefix("百分之").removesuffix("%").removesuffix("个百分点")
    sign, text = _signed(text)
    value = parse_numeral(text)
    if value is None or has_big_unit(text):
        raise NumberProblem(f"无法识别为百分比：“{raw.strip()}”（not a percentage）")
    return float(sign * value)


def parse_trl(raw: str) -> int:
    """A technology readiness level: TRL6, TRL 6, 6级, 六级, 第6级 or a bare 6."""
    text = without_whitespace(to_halfwidth(raw)).upper()
    match = _TRL.match(text)
    value = parse_numeral(match.group(1)) if match else None
    if value is None or value != value.to_integral_value():
        raise NumberProblem(f"无法识别为技术成熟度等级：“{raw.strip()}”（not a TRL level）")
    return int(value)
