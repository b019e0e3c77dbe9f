"""Amounts, counts, percentages and TRL levels as forms write them."""

from __future__ import annotations

import pytest

from schemas.catalogue import FieldType, form_spec
from schemas.normalise import normalise, normalise_as, normalise_cell


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1，234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1234.5万元", 1234.5),
        ("1234.5 万元", 1234.5),
        ("1234.5（万元）", 1234.5),
        ("12345678元", 1234.5678),
        ("1.2亿元", 12000.0),
        ("1.2亿", 12000.0),
        ("3千元", 0.3),
        ("约120", 120.0),
        ("人民币500万元", 500.0),
        ("-35.5", -35.5),
        ("－35.5", -35.5),
        ("负35.5", -35.5),
        ("三百二十五", 325.0),
        ("一千零五", 1005.0),
        ("两万元", 2.0),
        ("１２３４．５", 1234.5),
        ("0", 0.0),
    ],
)
def test_money_is_read_in_the_catalogue_unit(raw: str, expected: float) -> None:
    result = normalise_as(FieldType.NUMBER, raw, unit="万元")
    assert result.problem is None
    assert result.value == pytest.approx(expected)


def test_a_non_money_unit_written_after_the_number_is_dropped() -> None:
    assert normalise_as(FieldType.NUMBER, "5年", unit="年").value == 5.0
    assert normalise_as(FieldType.NUMBER, "五年", unit="年").value == 5.0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        ("12.0", 12),
        ("1,200", 1200),
        ("12人", 12),
        ("约12人", 12),
        ("3项", 3),
        ("5个", 5),
        ("7次", 7),
        ("三百二十五", 325),
        ("一千零五", 1005),
        ("两万", 20000),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三千五", 3500),
        ("一万二", 12000),
        ("一亿二千万", 120000000),
        ("1.2万", 12000),
        ("-3", -3),
    ],
)
def test_whole_numbers(raw: str, expected: int) -> None:
    value, problem, _ = normalise_as(FieldType.INT, raw)
    assert problem is None
    assert isinstance(value, int) and value == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (FieldType.INT, "12.5"),
        (FieldType.INT, "十二点五"),
        (FieldType.INT, "很多"),
        (FieldType.INT, "5元"),
        (FieldType.NUMBER, "120-150"),
        (FieldType.NUMBER, "约一百多"),
        (FieldType.NUMBER, "100美元"),
        (FieldType.NUMBER, "万元"),
        (FieldType.PERCENT, "较高"),
        (FieldType.PERCENT, "5万%"),
    ],
)
def test_unreadable_numbers_are_problems(kind: FieldType, raw: str) -> None:
    result = normalise_as(kind, raw, unit="万元" if kind is FieldType.NUMBER else None)
    assert result.value is None
    assert result.problem is not None
    assert raw in result.problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5.2%", 5.2),
        ("5.2", 5.2),
        ("百分之五点二", 5.2),
        ("5.2 %", 5.2),
        ("５．２％", 5.2),
        ("-3.5%", -3.5),
        ("100%", 100.0),
        ("0", 0.0),
    ],
)
def test_percentages_are_numbers_of_percent(raw: str, expected: float) -> None:
    value, problem, _ = normalise_as(FieldType.PERCENT, raw)
    assert problem is None
    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    "raw", ["TRL6", "TRL 6", "trl6", "TRL-6", "6级", "六级", "6", "第6级", "第六级", "ＴＲＬ６"]
)
def test_trl_levels(raw: str) -> None:
    trl = form_spec("先导技术榜", 2022).field("技术成熟度")
    assert normalise(trl, raw) == (6, None, None)


def test_a_trl_that_is_not_a_level_is_a_problem() -> None:
    trl = form_spec("先导技术榜", 2022).field("技术成熟度")
    result = normalise(trl, "成熟")
    assert result.value is None
    assert result.problem is not None and "成熟" in result.problem


@pytest.mark.parametrize("raw", ["", "   ", " \n "])
def test_nothing_written_is_no_value_and_no_problem(raw: str) -> None:
    for kind in (FieldType.INT, FieldType.NUMBER, FieldType.PERCENT, FieldType.DATE):
        assert normalise_as(kind, raw) == (None, None, None)


@pytest.mark.parametrize("raw", ["/", "无", "——", "—", "-", "－", "暂无", "／"])
def test_none_written_for_an_amount_is_zero(raw: str) -> None:
    assert normalise_as(FieldType.INT, raw) == (0, None, None)
    assert normalise_as(FieldType.NUMBER, raw, unit="万元") == (0.0, None, None)
    assert normalise_as(FieldType.PERCENT, raw) == (0.0, None, None)


@pytest.mark.parametrize("raw", ["/", "无", "——"])
def test_none_written_for_a_date_is_no_value_but_said(raw: str) -> None:
    read = normalise_as(FieldType.DATE, raw)
    assert (read.value, read.problem) == (None, None)
    assert read.note is not None and read.note.code == "none_written"


@pytest.mark.parametrize(
    ("raw", "kind", "unit", "expected"),
    [
        ("45岁", FieldType.INT, None, 45),
        ("45周岁", FieldType.INT, None, 45),
        ("32人", FieldType.INT, None, 32),
        ("5项", FieldType.INT, None, 5),
        ("12个", FieldType.INT, None, 12),
        ("３２", FieldType.INT, None, 32),
        ("32（缴纳社保人数）", FieldType.INT, None, 32),
        ("252人(截至申报日)", FieldType.INT, None, 252),
        ("1,234.5万元", FieldType.NUMBER, "万元", 1234.5),
        ("500元", FieldType.NUMBER, "万元", 0.05),
        ("８００（万元）", FieldType.NUMBER, "万元", 800.0),
        ("１２．５％", FieldType.PERCENT, None, 12.5),
        ("百分之十二点五", FieldType.PERCENT, None, 12.5),
        ("12年", FieldType.NUMBER, "年", 12.0),
        ("共32人", FieldType.INT, None, 32),
        ("300人左右", FieldType.INT, None, 300),
        ("约12.5%", FieldType.PERCENT, None, 12.5),
        ("12.5个百分点", FieldType.PERCENT, None, 12.5),
    ],
)
def test_a_value_with_its_unit_or_word_inside(
    raw: str, kind: FieldType, unit: str | None, expected: float
) -> None:
    assert normalise_as(kind, raw, unit=unit) == (expected, None, None)


@pytest.mark.parametrize("raw", ["1000万美元", "USD 200万", "30万欧元"])
def test_a_foreign_currency_is_named_not_called_not_a_number(raw: str) -> None:
    read = normalise_as(FieldType.NUMBER, raw, unit="万元")
    assert read.value is None
    assert read.problem is not None and "外币" in read.problem and "not a number" not in read.problem


def test_the_average_of_whole_numbers_may_have_decimals() -> None:
    patents = form_spec("新锐企业榜", 2022).field("专利申请量")
    assert normalise_cell(patents, "平均值", "10.67") == (10.67, None, None)
    assert normalise_cell(patents, "2021", "10.67").problem is not None
    assert normalise_cell(patents, "2021", "11") == (11, None, None)
