"""Values written the ways people write them."""

from __future__ import annotations

from decimal import Decimal
from random import Random

import pytest

from samples.formats import Varied, grouped, number_text, plain
from samples.model import Val
from samples.numerals import chinese_decimal, chinese_int
from schemas.catalogue import FieldType


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1005, "一千零五"),
        (20300, "二万零三百"),
        (100000, "十万"),
    ],
)
def test_chinese_numerals(number: int, text: str) -> None:
    assert chinese_int(number) == text


def test_chinese_decimal_reads_decimals_digit_by_digit() -> None:
    assert chinese_decimal("5.2") == "五点二"
    assert chinese_decimal("12.05") == "十二点零五"


def test_chinese_numerals_refuse_negative_numbers() -> None:
    with pytest.raises(ValueError, match="outside"):
        chinese_int(-1)


def test_numbers_are_written_without_float_noise() -> None:
    assert number_text(1234.5) == "1234.5"
    assert number_text(500.0) == "500"
    assert number_text(0.1 + 0.2) == "0.30000000000000004"
    assert grouped(1234567.25) == "1,234,567.25"


def test_plain_writes_units_only_where_the_label_has_none() -> None:
    money = Val("从业至今累计成交技术交易额", FieldType.NUMBER, 1234.5, "万元", unit_in_label=False)
    assert plain(money) == "1234.5万元"
    assert plain(Val("注册资本", FieldType.NUMBER, 800.0, "万元")) == "800"
    assert plain(Val("研发团队素质/2021", FieldType.PERCENT, 35.2, "%", False)) == "35.2%"
    assert plain(Val("技术成熟度", FieldType.INT, 6)) == "TRL6"
    assert plain(Val("成立时间", FieldType.DATE, None)) == ""


def _wan(text: str) -> Decimal:
    """Reads back what Varied writes for money, as the catalogue says to convert it."""
    clean = text.replace(",", "")
    if clean.endswith("亿元"):
        return Decimal(clean.removesuffix("亿元")) * 10_000
    if clean.endswith("万元"):
        return Decimal(clean.removesuffix("万元"))
    if clean.endswith("元"):
        return Decimal(clean.removesuffix("元")) / 10_000
    return Decimal(clean)


def test_varied_money_keeps_the_amount_in_every_unit() -> None:
    varied = Varied(Random(4))
    seen = set()
    for _ in range(60):
        text = varied(Val("注册资本", FieldType.NUMBER, 1234.56, "万元"))
        seen.add(text)
        assert _wan(text) == Decimal("1234.56")
    assert {"12345600元", "0.123456亿元", "1,234.56万元"} <= seen


def test_varied_dates_percents_and_trl_take_several_forms() -> None:
    varied = Varied(Random(5))
    dates = {varied(Val("成立时间", FieldType.DATE, "2019-03-05")) for _ in range(40)}
    assert {"2019年3月5日", "2019/3/5", "2019.03.05"} <= dates
    shares = {varied(Val("研发人员占比/2020", FieldType.PERCENT, 5.2, "%")) for _ in range(40)}
    assert {"5.2%", "5.2", "百分之五点二"} <= shares
    levels = {varied(Val("技术成熟度", FieldType.INT, 6)) for _ in range(40)}
    assert {"TRL6", "6级", "六级"} <= levels
