"""The evaluator: evidence on every check, errors for what the rules do not cover."""

from __future__ import annotations

import pytest

from eligibility.evaluate import NotCovered, evaluate
from eligibility.registry import InMemoryRegistry, RegistryEntry
from schemas.editions import UnknownEdition
from schemas.flags import Flag, FlagCode, Severity
from tests.conftest import MakeRecord

REGISTRY_2021 = InMemoryRegistry([RegistryEntry("新锐企业榜", 2021, "某某科技有限公司")])

RISING = {
    "申报企业名称": "深圳市海川微电子有限公司",
    "所在地区": "广东省深圳市",
    "企业工商登记日期": "2011-12-31",
}


def test_each_check_quotes_its_notice_and_shows_what_it_looked_at(
    form_record: MakeRecord,
) -> None:
    record = form_record("新锐企业榜", 2022, RISING)
    evaluation = evaluate(record, 2022, REGISTRY_2021, None)
    age = next(c for c in evaluation.checks if c.id == "age")
    assert age.result.value == "fail"
    assert age.observed == {"企业工商登记日期": "2011-12-31"}
    assert age.name == "成立年限"
    assert age.expected == "2012年或以后登记（以2022年反推10年）"
    assert age.message == "登记于2011年，早于2012年"
    assert "工商注册成立时间以2022年反推" in age.reference
    assert "2022年“科创中国”系列榜单申报条件" in age.reference


def test_all_checks_are_reported_not_just_the_first_failure(form_record: MakeRecord) -> None:
    record = form_record("新锐企业榜", 2022, {**RISING, "所在地区": "香港"})
    evaluation = evaluate(record, 2022, REGISTRY_2021, None)
    assert [c.id for c in evaluation.checks] == [
        "mainland",
        "pilot_city",
        "age",
        "sme",
        "not_prohibited",
        "clean_record",
        "not_listed_before",
    ]
    assert evaluation.failed() == ["mainland", "age"]


def test_the_edition_is_an_input_not_the_records_or_todays(form_record: MakeRecord) -> None:
    record = form_record("新锐企业榜", 2022, {**RISING, "企业工商登记日期": "2012-06-01"})
    registry = InMemoryRegistry(
        [RegistryEntry("新锐企业榜", 2021, "甲"), RegistryEntry("新锐企业榜", 2022, "乙")]
    )
    assert "age" not in evaluate(record, 2022, registry).failed()
    assert "age" in evaluate(record, 2023, registry).failed()


def test_two_boxes_ticked_under_a_choice_fails_the_choice(form_record: MakeRecord) -> None:
    record = form_record("先导技术榜", 2022, {"技术名称": "某技术", "技术成熟度": 5})
    flag = Flag(
        field="所属领域",
        code=FlagCode.CHOICE_COUNT,
        severity=Severity.ERROR,
        message="2 boxes ticked under 所属领域 (电子信息, 装备制造); exactly one is allowed",
    )
    flagged = record.model_copy(update={"flags": [flag]})
    registry = InMemoryRegistry([RegistryEntry("先导技术榜", 2021, "另一技术")])
    evaluation = evaluate(flagged, 2022, registry)
    assert evaluation.failed() == ["domain"]
    assert evaluation.verdict.value == "ineligible"


def test_an_edition_without_rules_is_an_error(form_record: MakeRecord) -> None:
    record = form_record("新锐企业榜", 2022, RISING)
    with pytest.raises(UnknownEdition, match="2024"):
        evaluate(record, 2024, REGISTRY_2021)


def test_the_2021_edition_has_lists_but_no_conditions(form_record: MakeRecord) -> None:
    record = form_record("新锐企业榜", 2021, RISING)
    with pytest.raises(NotCovered, match="2021年通知未给出新锐企业榜的申报条件"):
        evaluate(record, 2021, REGISTRY_2021)


def test_a_list_the_edition_does_not_have_is_an_error(form_record: MakeRecord) -> None:
    record = form_record("创业就业先锋榜", 2023, {"姓名": "李明"})
    with pytest.raises(NotCovered, match="2023年没有创业就业先锋榜"):
        evaluate(record, 2023, REGISTRY_2021)


def test_json_shape(form_record: MakeRecord) -> None:
    record = form_record("新锐企业榜", 2022, RISING)
    payload = evaluate(record, 2022, REGISTRY_2021).as_json()
    assert (payload["verdict"], payload["verdict_name"]) == ("ineligible", "不符合条件")
    for check in payload["checks"]:
        assert {"id", "result", "observed", "expected", "reference", "message"} <= set(check)
    checks = {check["id"]: check for check in payload["checks"]}
    assert (checks["age"]["name"], checks["age"]["result_name"]) == ("成立年限", "不通过")
    assert (checks["sme"]["kind_name"], checks["sme"]["result_name"]) == ("专家判断", "需人工审核")
    assert checks["mainland"]["result_name"] == "通过"
    assert checks["pilot_city"]["result_name"] == "无法判断"


def test_notes_carry_their_chinese_name(form_record: MakeRecord) -> None:
    record = form_record("先导技术榜", 2022, {"技术名称": "某技术", "所属领域": "电子信息"})
    [note] = evaluate(record, 2022, REGISTRY_2021).as_json()["notes"]
    assert (note["id"], note["name"]) == ("pilot_city_priority", "试点城市优先")
    assert "不影响结论" in note["text"]
