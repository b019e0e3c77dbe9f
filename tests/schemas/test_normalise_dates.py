"""Dates and year-months to ISO text."""

from __future__ import annotations

import pytest

from schemas.catalogue import FieldType
from schemas.normalise import normalise_as


@pytest.mark.parametrize(
    "raw",
    [
        "2019年3月5日",
        "2019/3/5",
        "2019.03.05",
        "2019-3-5",
        "2019-03-05",
        "2019年3月5号",
        " 2019 年 3 月 5 日 ",
        "２０１９年３月５日",
        "２０１９／３／５",
        "二〇一九年三月五日",
        "20190305",
        "2019-03-05 00:00:00",
    ],
)
def test_dates(raw: str) -> None:
    assert normalise_as(FieldType.DATE, raw) == ("2019-03-05", None, None)


def test_chinese_numeral_months_and_days() -> None:
    assert normalise_as(FieldType.DATE, "2019年十二月三十一日") == ("2019-12-31", None, None)


@pytest.mark.parametrize(
    "raw",
    # The last: digits a scan's reader ran together, too large for a calendar's integers.
    ["2019.2.30", "2019-13-01", "去年春天", "2019", "2019年13月", "2019年3月50000000000000000000日"],
)
def test_what_is_not_a_date_is_a_problem(raw: str) -> None:
    result = normalise_as(FieldType.DATE, raw)
    assert result.value is None
    assert result.problem is not None and raw in result.problem


@pytest.mark.parametrize(
    "raw", ["2019年3月", "2019/3", "2019.03", "2019-3", "201903", "２０１９年３月", "2019年3月5日"]
)
def test_year_months(raw: str) -> None:
    assert normalise_as(FieldType.YEARMONTH, raw) == ("2019-03", None, None)


@pytest.mark.parametrize("raw", ["2019年13月", "三月"])
def test_what_is_not_a_year_month_is_a_problem(raw: str) -> None:
    result = normalise_as(FieldType.YEARMONTH, raw)
    assert result.value is None and result.problem is not None


@pytest.mark.parametrize("raw", ["2016年5月", "2016.05", "2016-5", "2016年05月"])
def test_a_date_given_to_the_month_is_kept_with_a_note(raw: str) -> None:
    read = normalise_as(FieldType.DATE, raw)
    assert (read.value, read.problem) == ("2016-05", None)
    assert read.note is not None and read.note.code == "partial_date" and raw in read.note.message
