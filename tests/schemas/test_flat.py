"""Records from the ``--flat`` shape typed in by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from schemas.flags import FlagCode
from schemas.flat import FlatRecordError, record_from_flat
from schemas.record import FlatValue

CleanValues = Callable[[str, int], dict[str, FlatValue]]


def test_clean_flat_input_gives_a_record_without_flags(clean_values: CleanValues) -> None:
    values = clean_values("新锐企业榜", 2022)
    record = record_from_flat({"form": "新锐企业榜", "edition": 2022, "values": values}, "a.json")
    assert (record.form, record.form_key, record.edition) == ("新锐企业榜", "rising_company", 2022)
    assert record.flat_values() == values
    assert record.flags == []


def test_the_output_shape_reads_back(clean_values: CleanValues) -> None:
    values = clean_values("技术经理人先锋榜", 2023)
    first = record_from_flat({"form": "tech_manager", "edition": 2023, "values": values}, "a")
    again = record_from_flat(json.loads(json.dumps(first.flat())), "b")
    assert again.flat() == first.flat()


def test_text_is_read_like_a_form() -> None:
    data = {
        "form": "rising_company",
        "edition": 2022,
        "values": {
            "注册资本": "1.2亿元",
            "是否高新技术企业": "☑是 □否",
            "企业工商登记日期": "2019年3月5日",
            "从业人数": "120人",
            "专利申请量/平均值": "10.67",
            "企业获得称号": [{"称号名称": "专精特新", "认定年度": "2021"}],
        },
    }
    record = record_from_flat(data, "hand.json")
    assert record.value("注册资本") == 12000.0
    assert record.value("是否高新技术企业") is True
    assert record.value("企业工商登记日期") == "2019-03-05"
    assert record.value("从业人数") == 120
    assert record.value("专利申请量/平均值") == 10.67
    assert record.value("企业获得称号") == [{"称号名称": "专精特新", "认定年度": 2021}]


def test_provenance_keeps_what_was_typed() -> None:
    data = {"form": "新锐企业榜", "edition": 2022, "values": {"注册资本": "1.2亿元"}}
    field = record_from_flat(data, "hand.json").values["注册资本"]
    assert (field.provenance.file, field.provenance.raw) == ("hand.json", '"1.2亿元"')
    assert field.confidence == 1.0


def test_given_flags_are_replaced_by_computed_ones(clean_values: CleanValues) -> None:
    values = clean_values("先导技术榜", 2022)
    values["技术成熟度"] = 12
    del values["技术名称"]
    stale = [{"field": "x", "code": "missing", "severity": "error", "message": "old"}]
    data = {"form": "先导技术榜", "edition": 2022, "values": values, "flags": stale}
    record = record_from_flat(data, "a.json")
    assert [(f.field, f.code) for f in record.flags] == [
        ("技术名称", FlagCode.MISSING),
        ("技术成熟度", FlagCode.OUT_OF_RANGE),
    ]


def test_null_values_count_as_not_written() -> None:
    data = {"form": "新锐企业榜", "edition": 2022, "values": {"法定代表人": None}}
    record = record_from_flat(data, "a.json")
    assert "法定代表人" not in record.values
    assert any(f.field == "法定代表人" and f.code is FlagCode.MISSING for f in record.flags)


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"form": "新锐企业榜", "edition": 2022, "values": {"公司名称": "x"}}, "公司名称"),
        ({"form": "新锐企业榜", "edition": 2022, "values": {"研发经费总额/2019": 1}}, "2019"),
        ({"form": "新锐企业榜", "edition": 2022, "values": {"从业人数": 12.5}}, "从业人数"),
        ({"form": "新锐企业榜", "edition": 2022, "values": {"从业人数": "很多"}}, "从业人数"),
        ({"form": "新锐企业榜", "edition": 2022, "values": {"从业人数": True}}, "从业人数"),
        ({"form": "新锐企业榜", "edition": 2022, "values": {"注册资本": [1]}}, "注册资本"),
        ({"form": "新锐企业榜", "edition": 2022, "values": {"法定代表人": 5}}, "法定代表人"),
        (
            {"form": "新锐企业榜", "edition": 2022, "values": {"是否属于上市公司": 1}},
            "是否属于上市公司",
        ),
        (
            {"form": "新锐企业榜", "edition": 2022, "values": {"企业工商登记日期": "昨天"}},
            "企业工商登记日期",
        ),
        ({"form": "先导技术榜", "edition": 2022, "values": {"所属领域": "化工"}}, "所属领域"),
        ({"form": "技术经理人先锋榜", "edition": 2022, "values": {"专业领域": ["火星"]}}, "火星"),
        ({"form": "技术经理人先锋榜", "edition": 2022, "values": {"专业领域": [1]}}, "专业领域"),
        (
            {"form": "新锐企业榜", "edition": 2022, "values": {"企业获得称号": "专精特新"}},
            "企业获得称号",
        ),
        (
            {"form": "新锐企业榜", "edition": 2022, "values": {"企业获得称号": [{"名称": "x"}]}},
            "名称",
        ),
        ({"form": "新锐企业榜", "edition": 2022, "values": {"企业获得称号": ["x"]}}, "row 1"),
        (
            {
                "form": "新锐企业榜",
                "edition": 2022,
                "values": {"企业获得称号": [{"认定年度": "去年"}]},
            },
            "认定年度",
        ),
        ({"form": "新锐企业榜", "edition": 2021, "values": {}}, "2021"),
        ({"form": "新锐企业榜", "edition": 1999, "values": {}}, "1999"),
        ({"form": "青年创业榜", "edition": 2022, "values": {}}, "青年创业榜"),
        ({"form": "新锐企业榜", "edition": "next", "values": {}}, "edition"),
        ({"edition": 2022, "values": {}}, "form"),
        ({"form": "新锐企业榜", "edition": 2022}, "values"),
        ({"form": "新锐企业榜", "edition": 2022, "values": [1]}, "values"),
    ],
)
def test_bad_input_is_one_clear_error(data: dict[str, Any], named: str) -> None:
    with pytest.raises(FlatRecordError) as raised:
        record_from_flat(data, "a.json")
    message = str(raised.value)
    assert named in message and "\n" not in message


def test_a_json_array_is_not_a_record() -> None:
    with pytest.raises(FlatRecordError):
        record_from_flat([], "a.json")  # type: ignore[arg-type]
