"""What OCR read is checked against what its field allows before a confident value is given:
look-alike characters (O/0, I/1, S/5, B/8), check characters and a row's average; a reading
in doubt is a ``low_confidence`` warning with what was read, never a silent wrong value.

The layouts are scans as the reader hands them on, with the misreadings typed in by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractor.assemble import assemble
from extractor.layout import Layout
from schemas.catalogue import form_spec
from schemas.codes import id_card_valid, industry_code_valid, uscc_valid
from schemas.record import FormRecord

YEARS = ["近三年", "2020年", "2021年", "2022年", "平均值"]


def _scan(layout: Layout) -> Layout:
    layout.kind = "scan"
    for table in layout.tables():
        for cell in table.cells:
            cell.confidence = 0.96
    return layout


def _read(layout: Layout, form: str = "新锐企业榜") -> FormRecord:
    return assemble(_scan(layout), form_spec(form, 2022), 2022)


def _flags(record: FormRecord, field: str) -> dict[str, str]:
    return {f.code.value: f.severity.value for f in record.flags if f.field == field}


def test_an_industry_code_whose_letter_was_read_as_a_digit_is_put_right(
    make_layout: Any,
) -> None:
    record = _read(
        make_layout(
            [["技术名称", "工业软件平台"], ["重点服务行业及应用领域", "16513 应用软件开发"]]
        ),
        "先导技术榜",
    )
    flat = record.flat()
    # Division 65 lies in section I: the code is I6513, and the reviewer is told.
    assert flat["values"]["重点服务行业及应用领域"] == "I6513 应用软件开发"
    assert _flags(record, "重点服务行业及应用领域") == {"low_confidence": "warning"}
    value = record.values["重点服务行业及应用领域"]
    assert value.provenance.raw == "16513 应用软件开发" and value.confidence < 0.96


def test_a_code_read_right_is_left_alone(make_layout: Any) -> None:
    record = _read(make_layout([["重点服务行业及应用领域", "I6513 应用软件开发"]]), "先导技术榜")
    assert record.value("重点服务行业及应用领域") == "I6513 应用软件开发"
    assert _flags(record, "重点服务行业及应用领域") == {}
    assert record.values["重点服务行业及应用领域"].confidence == 0.96


@pytest.mark.parametrize(
    ("label", "read", "meant"),
    [
        ("从业人数", "3OO", 300),
        ("从业人数", "l2O", 120),
        # A speck or a rule's remains before a count that cannot be below zero.
        ("从业人数", "-31", 31),
        ("从业人数", "一 31", 31),
        # A copy's specks read as a dot before the number, or a dash on a line under it.
        ("从业人数", ".31", 31),
        ("从业人数", "31\n-", 31),
        ("注册资本", "S00", 500.0),
        ("企业工商登记日期", "2O19年3月l5日", "2019-03-15"),
        ("电话", "l3812345678", "13812345678"),
        # The cell's border read as a 1 before the number.
        ("电话", "117588966645", "17588966645"),
        # A seal's or a tick's stroke read as a character beside it.
        ("电话", "小18631476861", "18631476861"),
        ("邮箱", "li.ming®zhixin.cn", "li.ming@zhixin.cn"),
        # A provider's domain with a look-alike slip: q read as g, 1 as l.
        ("邮箱", "wangxiuying20@qg.com", "wangxiuying20@qq.com"),
        ("邮箱", "zhang.wei@l63.com", "zhang.wei@163.com"),
        ("邮箱", "li_na@gg.com", "li_na@qq.com"),
        # A copy's dot read as a colon and o as 0; a box's remains read after the address.
        ("邮箱", "lilei7@163:c0m", "lilei7@163.com"),
        ("邮箱", "lijing@sina.com'口", "lijing@sina.com"),
    ],
)
def test_look_alike_letters_where_the_field_allows_only_one_reading(
    make_layout: Any, label: str, read: str, meant: object
) -> None:
    record = _read(make_layout([["申报企业名称", "智芯科技有限公司"], [label, read]]))
    assert record.flat()["values"][label] == meant
    # Taken, but never silently: a warning for the reviewer, and no error on the applicant.
    assert _flags(record, label) == {"low_confidence": "warning"}
    assert read in next(f.message for f in record.flags if f.field == label)


@pytest.mark.parametrize("address", ["chen@qq.com", "chen@zhixin.cn", "chen@gq.com.cn"])
def test_an_address_at_a_domain_no_slip_explains_is_taken_as_read(
    make_layout: Any, address: str
) -> None:
    record = _read(make_layout([["申报企业名称", "智芯科技有限公司"], ["邮箱", address]]))
    assert record.value("邮箱") == address
    assert _flags(record, "邮箱") == {}


def test_a_share_over_its_range_with_no_look_alike_keeps_its_error(make_layout: Any) -> None:
    record = _read(make_layout([YEARS, ["研发团队素质（%）", "30", "115.5", "40", "61.83"]]))
    assert record.value("研发团队素质/2021") == 115.5
    assert _flags(record, "研发团队素质/2021") == {"out_of_range": "error"}


def test_a_share_with_a_look_alike_is_read_in_its_range(make_layout: Any) -> None:
    record = _read(make_layout([["高层次创新人才数量占比", "Sl"]]), "融通创新组织榜")
    assert record.value("高层次创新人才数量占比") == 51.0
    assert _flags(record, "高层次创新人才数量占比") == {"low_confidence": "warning"}


def test_an_unreadable_number_is_a_warning_with_what_was_read_not_an_error(
    make_layout: Any,
) -> None:
    record = _read(make_layout([["申报企业名称", "智芯科技有限公司"], ["从业人数", "约x人"]]))
    assert "从业人数" not in record.flat()["values"]
    # Neither unparsed (charged to the applicant) nor missing (it was written).
    assert _flags(record, "从业人数") == {"low_confidence": "warning"}
    assert "约x人" in next(f.message for f in record.flags if f.field == "从业人数")


def _titles(years: list[str]) -> Any:
    return [
        [("企业获得称号", 3, 1), "称号名称", "认定年度"],
        ["国家高新技术企业", years[0]],
        ["专精特新“小巨人”企业", years[1]],
    ]


@pytest.mark.parametrize(
    ("years", "meant"),
    [
        # A copy's speck read as a dot after the year; a rule's remains as a bar before it.
        (["2020.", "2021"], [2020, 2021]),
        (["2020", "| 2021"], [2020, 2021]),
        # O read for 0.
        (["2O20", "2021"], [2020, 2021]),
    ],
)
def test_a_list_tables_cell_a_speck_or_a_look_alike_spoilt_is_read_and_said(
    make_layout: Any, years: list[str], meant: list[int]
) -> None:
    record = _read(make_layout(_titles(years)))
    assert [row["认定年度"] for row in record.value("企业获得称号")] == meant
    assert _flags(record, "企业获得称号") == {"low_confidence": "warning"}


def test_a_list_tables_cell_no_reading_explains_is_kept_as_read_with_a_warning(
    make_layout: Any,
) -> None:
    record = _read(make_layout(_titles(["二〇二〇年前后", "2021"])))
    assert [row["认定年度"] for row in record.value("企业获得称号")] == ["二〇二〇年前后", 2021]
    assert _flags(record, "企业获得称号") == {"low_confidence": "warning"}
    # Typed so in a Word file, it is the applicant's to mend.
    typed = assemble(
        make_layout(_titles(["二〇二〇年前后", "2021"])), form_spec("新锐企业榜", 2022), 2022
    )
    assert _flags(typed, "企业获得称号") == {"unparsed": "error"}


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # A copy's speck read as a mark standing alone after the value, or before it.
        ("生物产业 :", "生物产业"),
        (". 生物产业", "生物产业"),
        # A quotation mark at the end that closes nothing; one that does stays.
        ("生物产业”", "生物产业"),
        ("“互联网+”产业", "“互联网+”产业"),
        ("生物产业.", "生物产业."),
    ],
)
def test_a_specks_mark_at_an_end_of_a_scanned_text_is_no_part_of_it(
    make_layout: Any, read: str, meant: str
) -> None:
    record = _read(make_layout([["申报企业名称", "智芯科技有限公司"], ["所属行业", read]]))
    assert record.value("所属行业") == meant


def test_a_specks_mark_after_a_list_tables_text_is_no_part_of_it(make_layout: Any) -> None:
    rows = [
        [("主要工作经历", 3, 1), "起止年月", "工作单位", "职务"],
        ["2013.01-2015.12", "甲公司", "项目经理”"],
        ["2016.01-至今", "乙大学", "研究员 ."],
    ]
    record = _read(make_layout(rows), "技术经理人先锋榜")
    assert [r["职务"] for r in record.value("主要工作经历")] == ["项目经理", "研究员"]
    typed = assemble(make_layout(rows), form_spec("技术经理人先锋榜", 2022), 2022)
    assert [r["职务"] for r in typed.value("主要工作经历")] == ["项目经理”", "研究员 ."]


def test_the_same_misreading_in_a_word_file_is_the_applicants(make_layout: Any) -> None:
    layout = make_layout([["申报企业名称", "智芯科技有限公司"], ["从业人数", "3OO"]])
    record = assemble(layout, form_spec("新锐企业榜", 2022), 2022)
    assert "从业人数" not in record.values
    assert _flags(record, "从业人数") == {"unparsed": "error"}


def test_a_credit_code_is_read_by_its_check_character(make_layout: Any) -> None:
    assert uscc_valid("91350100M000100Y43") and not uscc_valid("91350100M000100Y44")
    record = _read(make_layout([["主营业务", "信用代码9135O1OOMOOO1OOY43的子公司业务"]]))
    assert record.value("主营业务") == "信用代码91350100M000100Y43的子公司业务"
    assert _flags(record, "主营业务") == {"low_confidence": "warning"}
    record = _read(make_layout([["主营业务", "信用代码91350100M000100Y44"]]))
    # No look-alike explains the wrong check character: kept as read, in doubt.
    assert record.value("主营业务") == "信用代码91350100M000100Y44"
    assert _flags(record, "主营业务") == {"low_confidence": "warning"}


def test_code_rules() -> None:
    assert id_card_valid("11010519491231002X") and not id_card_valid("110105194912310021")
    assert industry_code_valid("C3562") and industry_code_valid("I6513")
    assert not industry_code_valid("16513") and not industry_code_valid("C6513")


def test_a_dropped_digit_that_the_average_explains_is_put_back(make_layout: Any) -> None:
    # Written 1250, 1300, 1420 (average 1323.33); the scan dropped the 5 of 1250.
    record = _read(make_layout([YEARS, ["研发经费总额（万元）", "120", "1300", "1420", "1323.33"]]))
    assert record.flat()["values"]["研发经费总额/2020"] == 1250
    assert _flags(record, "研发经费总额/2020") == {"low_confidence": "warning"}
    assert _flags(record, "研发经费总额/平均值") == {}


def test_a_doubled_digit_that_the_average_explains_is_taken_out(make_layout: Any) -> None:
    record = _read(make_layout([YEARS, ["专利申请量", "12", "155", "21", "16"]]))
    assert record.value("专利申请量/2021") == 15
    assert _flags(record, "专利申请量/平均值") == {}


def test_an_average_no_single_slip_explains_stays_a_mismatch(make_layout: Any) -> None:
    # An applicant's wrong average (the mean is 16, 30 is written) is not a misreading.
    record = _read(make_layout([YEARS, ["专利申请量", "12", "15", "21", "30"]]))
    assert record.value("专利申请量/平均值") == 30
    assert _flags(record, "专利申请量/平均值") == {"average_mismatch": "error"}


def test_slips_two_cells_could_explain_are_in_doubt_and_none_is_taken(make_layout: Any) -> None:
    # 1, 1, 10 with average 7: either 1 may be a 10 whose 0 was dropped.
    record = _read(make_layout([YEARS, ["专利申请量", "1", "1", "10", "7"]]))
    assert [record.value(f"专利申请量/{y}") for y in ("2020", "2021", "2022")] == [1, 1, 10]
    assert _flags(record, "专利申请量/平均值") == {
        "average_mismatch": "error",
        "low_confidence": "warning",
    }
    doubt = next(f for f in record.flags if f.code.value == "low_confidence")
    assert "专利申请量/2020" in doubt.message and "专利申请量/2021" in doubt.message


def test_a_grade_read_twice_over_is_the_grade_once(make_layout: Any) -> None:
    header = ["", "2023年", "2024年", "2025年", "平均值"]
    record = _read(
        make_layout([header, ["关键核心技术应用程度评估", "高高", "较高", "一般", "较高"]])
    )
    assert record.flat()["values"]["关键核心技术应用程度评估/2023"] == "高"
    assert _flags(record, "关键核心技术应用程度评估/2023") == {"low_confidence": "warning"}


@pytest.mark.parametrize(
    "header",
    [
        # A copy's specks read as dots.
        ["近三年", "2.020年", "2021年", "2022.年", "平均值"],
        # A rule's or a seal's remains read as 二 or 丨 after the year.
        ["近三年", "2020年", "2021年二", "2022年丨", "平均值"],
    ],
)
def test_year_headers_with_a_copys_specks_or_remains_still_place_their_columns(
    make_layout: Any, header: list[str]
) -> None:
    record = _read(make_layout([header, ["专利申请量", "12", "15", "21", "16"]]))
    values = record.flat()["values"]
    assert [values[f"专利申请量/{y}"] for y in ("2020", "2021", "2022")] == [12, 15, 21]
    assert not [f for f in record.flags if f.code.value == "unplaced"]
