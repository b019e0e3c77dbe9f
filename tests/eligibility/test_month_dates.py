"""A date given only to the month (2016年5月 read as 2016-05) is used for what it says."""

from __future__ import annotations

import pytest

from eligibility.evaluate import evaluate
from eligibility.registry import InMemoryRegistry
from tests.conftest import MakeRecord

EMPTY = InMemoryRegistry([])


def _result(form_record: MakeRecord, form: str, values: dict[str, str], check: str) -> str:
    evaluation = evaluate(form_record(form, 2022, values), 2022, EMPTY, None)
    return next(c for c in evaluation.checks if c.id == check).result.value


@pytest.mark.parametrize(("written", "result"), [("2016-05", "pass"), ("2011-12", "fail")])
def test_a_registration_month_decides_the_company_age(
    form_record: MakeRecord, written: str, result: str
) -> None:
    values = {"申报企业名称": "某某科技有限公司", "企业工商登记日期": written}
    assert _result(form_record, "新锐企业榜", values, "age") == result


@pytest.mark.parametrize(
    ("written", "result"),
    [("2020-08", "pass"), ("2020-10", "fail"), ("2019-09", "pass")],
)
def test_a_founding_month_decides_founded_before(
    form_record: MakeRecord, written: str, result: str
) -> None:
    values = {"组织机构名称": "某某研究院", "成立时间": written}
    assert _result(form_record, "融通创新组织榜", values, "founded") == result


def test_a_founding_month_that_starts_on_the_cutoff_is_not_before_it(
    form_record: MakeRecord,
) -> None:
    """2020-09 against 2020-09-01: whatever the day, it is not before the cutoff."""
    values = {"组织机构名称": "某某研究院", "成立时间": "2020-09"}
    assert _result(form_record, "融通创新组织榜", values, "founded") == "fail"
