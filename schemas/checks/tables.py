"""Numbers that must agree with each other: averages, ratios and sub-counts.

The rules are data: which form, which fields. Forms are named by key, fields by
catalogue label, so the rules hold for every edition (year columns move on, labels stay).
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.catalogue import FieldSpec, FormSpec
from schemas.checks import Values
from schemas.checks.common import AVERAGE, cell, flag, half_unit, number, show, year_columns
from schemas.flags import Flag, FlagCode, Severity

#: The least difference an average may show: rounding to cents.
AVERAGE_TOLERANCE = 0.01
#: The least difference a ratio may show, in percentage points.
RATIO_TOLERANCE = 0.1
#: Room for binary floating point on top of a tolerance.
EPSILON = 1e-9


@dataclass(frozen=True)
class RatioRule:
    """``ratio`` (in percent) should be ``numerator / denominator * 100`` in each year."""

    form: str
    numerator: str
    denominator: str
    ratio: str
    severity: Severity
    #: Why the two may legitimately differ, for a warning's message.
    caveat: str = ""


@dataclass(frozen=True)
class SubsetRule:
    """Each of ``parts`` counts a subset of ``total``."""

    form: str
    total: str
    parts: tuple[str, ...]


RATIO_RULES = (
    RatioRule("rising_company", "研发经费总额", "GDP贡献", "研发经费投入强度", Severity.ERROR),
    RatioRule(
        "entrepreneur",
        "研发费用总额",
        "企业总收入",
        "研发经费投入强度",
        Severity.WARNING,
        caveat="企业总收入含非营业收入，比值可能偏低",
    ),
)

SUBSET_RULES = (
    SubsetRule(
        "innovation_org",
        "孵化科技型企业数量/总数",
        ("孵化科技型企业数量/高新技术企业数", "孵化科技型企业数量/科技型中小企业数"),
    ),
)


def _average_flag(spec: FieldSpec, values: Values) -> Flag | None:
    years = year_columns(spec)
    cells = [number(values.get(cell(spec, year))) for year in years]
    written = number(values.get(cell(spec, AVERAGE)))
    if written is None or not years or any(c is None for c in cells):
        return None
    mean = sum(c for c in cells if c is not None) / len(cells)
    if abs(written - mean) <= max(AVERAGE_TOLERANCE, half_unit(written)) + EPSILON:
        return None
    name = cell(spec, AVERAGE)
    message = (
        f"“{name}”填写 {show(written)}，但 {years[0]}–{years[-1]} 年的平均值为 {show(mean)}"
        f"（相差 {show(abs(written - mean))}）（average mismatch）"
    )
    return flag(name, FlagCode.AVERAGE_MISMATCH, message)


def average_mismatch(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    found = (_average_flag(s, values) for s in form.fields if AVERAGE in s.columns)
    return [f for f in found if f is not None]


def _ratio_flag(rule: RatioRule, year: str, values: Values) -> Flag | None:
    names = [f"{label}/{year}" for label in (rule.numerator, rule.denominator, rule.ratio)]
    top, bottom, written = (number(values.get(n)) for n in names)
    if top is None or bottom is None or written is None or bottom == 0:
        return None
    expected = top / bottom * 100
    if abs(written - expected) <= max(RATIO_TOLERANCE, half_unit(written)) + EPSILON:
        return None
    caveat = f"；{rule.caveat}" if rule.caveat else ""
    message = (
        f"“{names[2]}”填写 {show(written)}%，但 {names[0]} {show(top)} ÷ {names[1]} "
        f"{show(bottom)} × 100 = {show(expected)}%（相差 {show(abs(written - expected))} "
        f"个百分点{caveat}）（ratio mismatch）"
    )
    return flag(names[2], FlagCode.RATIO_MISMATCH, message, rule.severity)


def ratio_mismatch(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    found = (
        _ratio_flag(rule, year, values)
        for rule in RATIO_RULES
        if rule.form == form.key
        for year in year_columns(form.field(rule.ratio))
    )
    return [f for f in found if f is not None]


def _subset_flag(rule: SubsetRule, part: str, values: Values) -> Flag | None:
    total, count = number(values.get(rule.total)), number(values.get(part))
    if total is None or count is None or count <= total:
        return None
    message = (
        f"“{part}”填写 {show(count)}，大于“{rule.total}” {show(total)}（subset exceeds total）"
    )
    return flag(part, FlagCode.SUBSET_EXCEEDS_TOTAL, message)


def subset_exceeds_total(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    found = (
        _subset_flag(rule, part, values)
        for rule in SUBSET_RULES
        if rule.form == form.key
        for part in rule.parts
    )
    return [f for f in found if f is not None]
