"""Scoring an extraction against a truth, on hand-built cases."""

from __future__ import annotations

from typing import Any

import pytest

from samples.score import aggregate, same_value, score


def _truth(
    values: dict[str, Any], flags: list[dict[str, str]] | None = None, layout: str = "faithful"
) -> dict[str, Any]:
    return {
        "form": "新锐企业榜",
        "edition": 2022,
        "values": values,
        "flags": flags or [],
        "meta": {"layout": layout, "defects": [], "seed": 0, "files": {}},
    }


def _extracted(values: dict[str, Any], flags: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"form": "新锐企业榜", "edition": 2022, "values": values, "flags": flags or []}


def test_perfect_extraction_scores_one() -> None:
    values = {"申报企业名称": "深圳智源科技有限公司", "注册资本": 500.0, "是否高新技术企业": True}
    result = score(_extracted(dict(values)), _truth(values))
    assert (result.fields_total, result.fields_correct, result.field_accuracy) == (3, 3, 1.0)
    assert result.flag_recall is None and result.clean and not result.false_error_flags


def test_numbers_match_within_a_millionth() -> None:
    assert same_value(1234.56, 1234.5600001)
    assert same_value(500, 500.0)
    assert not same_value(1234.56, 1234.6)
    assert not same_value(1, True)
    assert not same_value("500", 500)


def test_text_matches_up_to_whitespace() -> None:
    assert same_value("广东省 深圳市\n南山区", "广东省深圳市南山区")
    assert same_value("  hello   world ", "hello world")
    assert not same_value("hello world", "helloworld")
    assert same_value(["电子信息", "先进材料"], ["电子信息", "先进材料"])
    assert not same_value(["电子信息", "先进材料"], ["先进材料", "电子信息"])


def test_fields_counted_over_both_sides() -> None:
    truth = _truth({"法定代表人": "王伟", "职务": "经理"})
    got = _extracted({"法定代表人": "王伟", "邮箱": "a@b.com"})
    result = score(got, truth)
    assert result.fields_total == 3
    assert result.fields_correct == 1
    assert {d.name for d in result.mismatches} == {"职务", "邮箱"}


def test_list_tables_compared_cell_by_cell() -> None:
    rows = [
        {"称号名称": "瞪羚企业", "认定年度": 2021},
        {"称号名称": "科技型中小企业", "认定年度": 2022},
    ]
    got_rows = [{"称号名称": "瞪羚企业", "认定年度": 2020}]
    result = score(_extracted({"企业获得称号": got_rows}), _truth({"企业获得称号": rows}))
    assert result.fields_total == 4
    assert result.fields_correct == 1
    assert {d.name for d in result.mismatches} == {
        "企业获得称号[0].认定年度",
        "企业获得称号[1].认定年度",
        "企业获得称号[1].称号名称",
    }


def test_flag_recall_and_false_alarms() -> None:
    truth = _truth(
        {"电话": "1381234567"},
        [{"field": "电话", "code": "bad_phone"}, {"field": "职务", "code": "missing"}],
    )
    got = _extracted(
        {"电话": "1381234567"},
        [
            {"field": "电话", "code": "bad_phone", "severity": "error", "message": ""},
            {"field": "邮箱", "code": "bad_email", "severity": "error", "message": ""},
            {"field": "注册资本", "code": "low_confidence", "severity": "warning", "message": ""},
        ],
    )
    result = score(got, truth)
    assert result.flag_recall == 0.5
    assert result.missed_flags == (("职务", "missing"),)
    assert result.false_error_flags == (("邮箱", "bad_email"),)
    assert not result.clean


def test_error_flags_on_a_clean_form_are_false_alarms() -> None:
    got = _extracted({"职务": "经理"}, [{"field": "职务", "code": "too_long", "severity": "error"}])
    result = score(got, _truth({"职务": "经理"}))
    assert result.clean and result.false_error_flags == (("职务", "too_long"),)


def test_aggregate_by_layout_and_format() -> None:
    good = score(_extracted({"职务": "经理"}), _truth({"职务": "经理"}, layout="faithful"))
    bad = score(_extracted({"职务": "主任"}), _truth({"职务": "经理"}, layout="value_below"), "pdf")
    summary = aggregate([good, bad])
    assert summary["overall"]["samples"] == 2
    assert summary["overall"]["field_accuracy"] == pytest.approx(0.5)
    assert summary["by_layout"]["faithful"]["field_accuracy"] == 1.0
    assert summary["by_layout"]["value_below"]["field_accuracy"] == 0.0
    assert set(summary["by_format"]) == {"docx", "pdf"}
    assert summary["by_form"]["新锐企业榜"]["perfect_samples"] == 1
