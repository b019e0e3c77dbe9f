"""From cells and paragraphs to typed values with provenance, whatever the layout habit."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.assemble import assemble
from schemas.catalogue import form_spec
from schemas.record import FormRecord

YEAR_HEADER = ["近三年", "2020年", "2021年", "2022年", "平均值"]


def read(layout: Any, form: str = "新锐企业榜", edition: int = 2022) -> FormRecord:
    return assemble(layout, form_spec(form, edition), edition)


def codes(record: FormRecord, field: str) -> set[str]:
    return {f.code for f in record.flags if f.field == field}


def test_value_beside_its_label_with_provenance(make_layout: Any) -> None:
    record = read(
        make_layout([["申报企业名称", "北京智芯科技有限公司", "所在地区", "北京市海淀区"]])
    )
    value = record.values["申报企业名称"]
    assert value.value == "北京智芯科技有限公司"
    where = value.provenance
    assert (where.file, where.table, where.row, where.column) == ("hand.docx", 0, 0, 1)
    assert where.raw == "北京智芯科技有限公司"
    assert value.confidence == 1.0
    assert record.value("所在地区") == "北京市海淀区"


def test_label_and_value_in_the_same_cell(make_layout: Any) -> None:
    layout = make_layout(
        [["联系人姓名：张三", "职务：总经理"], ["电话: 13812345678", "邮箱：a@b.cn"]]
    )
    record = read(layout)
    assert record.value("联系人姓名") == "张三"
    assert record.value("职务") == "总经理"
    assert record.value("电话") == "13812345678"
    assert record.value("邮箱") == "a@b.cn"


def test_value_below_its_label(make_layout: Any) -> None:
    layout = make_layout([["法定代表人", "注册资本（万元）"], ["李四", "1,200"]])
    record = read(layout)
    assert record.value("法定代表人") == "李四"
    assert record.value("注册资本") == 1200


def test_printed_hint_in_value_cell_is_not_the_value(make_layout: Any) -> None:
    layout = make_layout([["所在地区", "请根据企业纳税所在地区填写\n（X省X市）"]])
    record = read(layout)
    assert "所在地区" not in record.values
    assert "missing" in codes(record, "所在地区")


@pytest.mark.parametrize(
    "header",
    [
        YEAR_HEADER,
        # The rule between 2020年 and 2021年 lost on a photo: one header cell over two columns.
        ["近三年", ("2020年 2021年", 1, 2), "2022年", "平均值"],
    ],
    ids=["one cell a year", "two years in one cell"],
)
def test_year_table_cells_under_their_headers(make_layout: Any, header: list[Any]) -> None:
    layout = make_layout([header, ["研发经费总额（万元）", "100", "200", "300", "200"]])
    record = read(layout)
    assert [record.value(f"研发经费总额/{c}") for c in ("2020", "2021", "2022", "平均值")] == [
        100,
        200,
        300,
        200,
    ]
    assert record.values["研发经费总额/2021"].provenance.column == 2


def test_table_split_in_two_without_its_header(make_layout: Any) -> None:
    layout = make_layout(
        [YEAR_HEADER, ["专利申请量（项）", "1", "2", "3", "2"]],
        "（续表）",
        [["专利授权量（项）", "4", "5", "6", "5"]],
    )
    record = read(layout)
    assert record.value("专利授权量/2022") == 6
    assert record.values["专利授权量/2022"].provenance.table == 1


def test_average_that_does_not_add_up_is_flagged(make_layout: Any) -> None:
    layout = make_layout([YEAR_HEADER, ["专利申请量（项）", "1", "2", "3", "5"]])
    assert "average_mismatch" in codes(read(layout), "专利申请量/平均值")


def test_list_table_rows_skip_empty_and_hint_rows(make_layout: Any) -> None:
    layout = make_layout(
        [
            [("企业获得称号", 1, 2)],
            ["近3年内获得的称号名称", "认定年度"],
            ["国家高新技术企业", "2021年"],
            ["", ""],
            ["专精特新中小企业", "2022"],
            [("请填写近三年获得的称号", 1, 2)],
        ]
    )
    assert read(layout).value("企业获得称号") == [
        {"称号名称": "国家高新技术企业", "认定年度": 2021},
        {"称号名称": "专精特新中小企业", "认定年度": 2022},
    ]


def test_list_table_whose_label_spans_its_rows(make_layout: Any) -> None:
    layout = make_layout(
        [
            [("主要工作经历", 3, 1), "起止年月", "工作单位", "职务"],
            ["2013.01-2015.12", "甲公司", "项目经理"],
            ["2016.01-至今", "乙大学", "研究员"],
            ["从业至今累计登记技术合同数量", ("12", 1, 3)],
        ]
    )
    record = read(layout, "技术经理人先锋榜")
    assert record.value("主要工作经历") == [
        {"起止年月": "2013.01-2015.12", "工作单位": "甲公司", "职务": "项目经理"},
        {"起止年月": "2016.01-至今", "工作单位": "乙大学", "职务": "研究员"},
    ]
    assert record.value("从业至今累计登记技术合同数量") == 12


@pytest.mark.parametrize(
    "header",
    [
        "近3年内获得的称号名称 ! 认定年度",
        "称号名称认定年度",
        "称号名称\n认定年度",
    ],
)
def test_list_table_whose_header_cells_ran_together(make_layout: Any, header: str) -> None:
    # The rule between 称号名称 and 认定年度 lost under a seal on a copy (its remains read
    # as !): one header cell over the two columns of the rows below.
    layout = make_layout(
        [
            [("企业获得称号", 3, 1), (header, 1, 3)],
            [("国家高新技术企业", 1, 2), "2022"],
            [("专精特新“小巨人”企业", 1, 2), "2021"],
            ["注册资本（万元）", ("1000", 1, 3)],
        ]
    )
    record = read(layout)
    assert record.value("企业获得称号") == [
        {"称号名称": "国家高新技术企业", "认定年度": 2022},
        {"称号名称": "专精特新“小巨人”企业", "认定年度": 2021},
    ]
    assert record.value("注册资本") == 1000


@pytest.mark.parametrize("joined", ["联系人电话", "联系人 电话", "联系人\n电话"])
def test_two_labels_run_together_over_two_values_each_take_theirs(
    make_layout: Any, joined: str
) -> None:
    # The rule between 联系人 and 电话 lost under a seal on a copy: one cell over both.
    layout = make_layout(
        [
            [("技术团队基本情况", 4, 1), (joined, 1, 3)],
            [("郭强", 1, 2), "18393910199"],
            [("邮箱", 1, 3)],
            [("guoqiang@zhuoyue-tech.com", 1, 3)],
        ]
    )
    record = read(layout, "先导技术榜")
    assert (record.value("联系人"), record.value("电话")) == ("郭强", "18393910199")
    assert not [f for f in record.flags if f.field in ("联系人", "电话")]


def test_two_labels_run_together_over_other_labels_take_nothing_of_theirs(
    make_layout: Any,
) -> None:
    layout = make_layout(
        [
            [("联系人电话", 1, 2)],
            ["邮箱", "guoqiang@zhuoyue-tech.com"],
        ]
    )
    record = read(layout, "先导技术榜")
    assert record.value("邮箱") == "guoqiang@zhuoyue-tech.com"
    assert record.value("联系人") is None


@pytest.mark.parametrize("value", ["刘娜电话", "刘娜 电话", "刘娜（组长）电话"])
def test_a_label_run_on_after_a_value_takes_the_cell_beside(make_layout: Any, value: str) -> None:
    # The rule between 刘娜 and the label 电话 lost under a seal: one cell holds both.
    layout = make_layout(
        [
            [("技术团队基本情况", 2, 1), "联系人", value, "17951361354"],
            ["地址", ("广东省广州市番禺区高新二路158号", 1, 2)],
        ]
    )
    record = read(layout, "先导技术榜")
    assert record.value("联系人") == value.removesuffix("电话").strip()
    assert record.value("电话") == "17951361354"


def test_a_value_that_ends_like_a_label_printed_elsewhere_is_left_whole(
    make_layout: Any,
) -> None:
    layout = make_layout(
        [
            ["联系人", "刘娜电话", "备注", "无"],
            ["电话", "17951361354"],
        ]
    )
    record = read(layout, "先导技术榜")
    assert record.value("联系人") == "刘娜电话"
    assert record.value("电话") == "17951361354"


def test_list_table_whose_sub_labels_were_misread_on_a_copy(make_layout: Any) -> None:
    # A copied page read 颁发日期 and 颁发机构 each with a stray character.
    layout = make_layout(
        [
            [
                ("所获得技术转移专业培训或资质证书情况", 3, 1),
                "颁发日其期",
                "颁领发材机构",
                "证书编号及名称",
            ],
            ["2016-09-18", "上海技术交易所", "No.201687919技术经纪人培训合格证书"],
            ["2019-01-01", "国家技术转移东部中心", "No.201953723技术经理人培训合格证书"],
        ]
    )
    rows = read(layout, "技术经理人先锋榜").value("所获得技术转移专业培训或资质证书情况")
    assert [(r["颁发日期"], r["颁发机构"]) for r in rows] == [
        ("2016-09-18", "上海技术交易所"),
        ("2019-01-01", "国家技术转移东部中心"),
    ]


def test_group_of_composite_labels(make_layout: Any) -> None:
    layout = make_layout(
        [
            [("孵化科技型企业数量（个）", 2, 1), "总数", "高新技术企业数", "科技型中小企业数"],
            ["30", "12", "四十"],
        ]
    )
    record = read(layout, "融通创新组织榜")
    assert record.value("孵化科技型企业数量/总数") == 30
    assert record.value("孵化科技型企业数量/高新技术企业数") == 12
    assert record.value("孵化科技型企业数量/科技型中小企业数") == 40
    assert "subset_exceeds_total" in codes(record, "孵化科技型企业数量/科技型中小企业数")


@pytest.mark.parametrize(
    "joined",
    [
        # Read across the two cells a line at a time, and with the line break lost too.
        "高新技术企 科技型中小企\n业数 业数",
        "高新技术企科技型中小企业数业数",
    ],
)
def test_group_whose_sub_labels_ran_together_over_their_values(
    make_layout: Any, joined: str
) -> None:
    # The rule between 高新技术企业数 and 科技型中小企业数 lost under a seal on a photo.
    layout = make_layout(
        [
            [("孵化科技型企业数量（个）", 2, 1), "总数", (joined, 1, 2)],
            ["75", "76", "32"],
        ]
    )
    record = read(layout, "融通创新组织榜")
    subs = ("总数", "高新技术企业数", "科技型中小企业数")
    assert [record.value(f"孵化科技型企业数量/{s}") for s in subs] == [75, 76, 32]
    assert "subset_exceeds_total" in codes(record, "孵化科技型企业数量/高新技术企业数")


def test_sub_labels_run_together_in_an_order_the_text_cannot_tell_are_not_guessed(
    make_layout: Any,
) -> None:
    # One sub-label a line: which stood left is not in the text.
    layout = make_layout(
        [
            [
                ("孵化科技型企业数量（个）", 2, 1),
                "总数",
                ("高新技术企业数\n科技型中小企业数", 1, 2),
            ],
            ["75", "76", "32"],
        ]
    )
    record = read(layout, "融通创新组织榜")
    assert record.value("孵化科技型企业数量/总数") == 75
    assert record.value("孵化科技型企业数量/高新技术企业数") is None
    assert record.value("孵化科技型企业数量/科技型中小企业数") is None


def test_narrative_section_as_heading_and_paragraphs(make_layout: Any) -> None:
    layout = make_layout(
        "一、组织机构简介（包含成立背景、股东情况、规模及工作内容等，500字以内）",
        "本机构成立于2015年。",
        "现有专职人员60人。",
        "二、机制模式创新情况（1000字以内）",
        "实行项目经理制。",
    )
    record = read(layout, "融通创新组织榜")
    assert record.value("组织机构简介") == "本机构成立于2015年。\n现有专职人员60人。"
    assert record.values["组织机构简介"].provenance.paragraph == 0
    assert record.value("机制模式创新情况") == "实行项目经理制。"


def test_ticked_boxes_become_choices(make_layout: Any) -> None:
    layout = make_layout(
        [
            ["所属领域", "电子信息□ 装备制造☑\n先进材料□ 生物医药□\n绿色低碳□ 产业基础□"],
            [
                "技术成果转化形式",
                "可进行交易☑ 在内部进行转化□\n只能合作生产□ 已经有合作☑ 不能再次转化□",
            ],
        ]
    )
    record = read(layout, "先导技术榜")
    assert record.value("所属领域") == "装备制造"
    assert record.value("技术成果转化形式") == ["可进行交易", "已经有合作"]


def test_two_ticks_in_a_single_choice_are_flagged_not_guessed(make_layout: Any) -> None:
    layout = make_layout([["所属领域", "电子信息☑ 装备制造☑ 先进材料□"]])
    record = read(layout, "先导技术榜")
    assert "所属领域" not in record.values
    assert codes(record, "所属领域") == {"choice_count"}


def test_unreadable_value_is_flagged_with_the_text(make_layout: Any) -> None:
    record = read(make_layout([["企业工商登记日期", "去年春天"]]))
    assert "企业工商登记日期" not in record.values
    flags = [f for f in record.flags if f.field == "企业工商登记日期"]
    assert [f.code for f in flags] == ["unparsed"]
    assert "去年春天" in flags[0].message


def test_ambiguous_label_is_reported_not_guessed(make_layout: Any) -> None:
    record = read(make_layout([["研发经费", "120"]]))
    assert "研发经费总额" not in record.values
    assert [f.code for f in record.flags if f.field == "研发经费"] == ["ambiguous_label"]


def test_every_missing_required_field_is_named(make_layout: Any) -> None:
    record = read(make_layout([["申报企业名称", "北京智芯科技有限公司"]]))
    missing = {f.field for f in record.flags if f.code == "missing"}
    assert "所在地区" in missing
    assert "研发经费总额/2020" in missing
    assert "申报企业名称" not in missing


def test_several_pairs_on_one_line_are_each_read(make_layout: Any) -> None:
    layout = make_layout(
        "联系人：张三  电话：13812345678  邮箱：a@b.cn", "地址: 北京市海淀区学院路1号"
    )
    record = read(layout, "先导技术榜")
    assert record.value("联系人") == "张三"
    assert record.value("电话") == "13812345678"
    assert record.value("邮箱") == "a@b.cn"
    assert record.value("地址") == "北京市海淀区学院路1号"
    assert record.values["电话"].provenance.paragraph == 0


def test_pairs_in_one_cell_keep_the_cell_as_their_source(make_layout: Any) -> None:
    layout = make_layout([["注册资本（万元）：1,200 从业人数：35人", "法定代表人：李四"]])
    record = read(layout)
    assert (record.value("注册资本"), record.value("从业人数")) == (1200, 35)
    assert record.values["从业人数"].provenance.column == 0
    assert record.value("法定代表人") == "李四"


@pytest.mark.parametrize("between", [" ", "：", " . "])
def test_a_label_after_a_value_in_its_cell_is_read_as_its_own_field(
    make_layout: Any, between: str
) -> None:
    # A copy lost the (dotted) borders of 宋建国 | 电话 | 0571-…: one cell, a border's dots
    # read as a colon or a speck between the value and the next label.
    layout = make_layout([["联系人", f"宋建国{between}电话：0571-74854878"], ["地址", "杭州市"]])
    record = read(layout, "先导技术榜")
    assert (record.value("联系人"), record.value("电话")) == ("宋建国", "0571-74854878")
    assert record.values["电话"].provenance.column == 1


def test_a_label_after_a_value_is_left_in_it_where_the_label_has_its_own_cell(
    make_layout: Any,
) -> None:
    layout = make_layout([["联系人", "宋建国 电话：0571-74854878"], ["电话", "010-1234"]])
    record = read(layout, "先导技术榜")
    assert (record.value("联系人"), record.value("电话")) == (
        "宋建国 电话：0571-74854878",
        "010-1234",
    )


def test_a_colon_inside_a_value_is_not_a_pair(make_layout: Any) -> None:
    layout = make_layout([["主营业务", "软件开发：嵌入式系统；技术服务：咨询"]])
    assert read(layout).value("主营业务") == "软件开发：嵌入式系统；技术服务：咨询"


def test_a_value_read_with_low_ocr_confidence_is_flagged_for_review(make_layout: Any) -> None:
    layout = make_layout([["申报企业名称", "北京智芯科技有限公司", "法定代表人", "张三"]])
    layout.kind = "scan"
    table = next(layout.tables())
    table.at(0, 1).confidence = 0.55
    table.at(0, 3).confidence = 0.97
    record = read(layout)
    assert record.value("申报企业名称") == "北京智芯科技有限公司"
    assert record.values["申报企业名称"].confidence == 0.55
    low = [f for f in record.flags if f.code == "low_confidence"]
    assert [(f.field, f.severity) for f in low] == [("申报企业名称", "warning")]
    assert "0.55" in low[0].message


def test_a_year_row_without_an_understood_header_is_unplaced_not_missing(
    make_layout: Any,
) -> None:
    layout = make_layout(
        [["申报企业名称", "甲公司"]],
        [["项目", "第一年", "第二年", "第三年", "均数"], ["专利申请量", "9", "25", "44", "26"]],
    )
    record = read(layout)
    names = [f"专利申请量/{c}" for c in ("2020", "2021", "2022", "平均值")]
    assert [codes(record, n) for n in names] == [{"unplaced"}] * 4
    assert all(f.severity.value == "warning" for f in record.flags if f.code.value == "unplaced")
    # What the reader could not place is shown to the reviewer, never dropped silently.
    assert {"9", "25", "44", "26"} <= {item.text for item in record.unread_text}


def test_a_place_found_empty_is_missing(make_layout: Any) -> None:
    layout = make_layout(
        [["申报企业名称", "", "法定代表人", "李四"]],
        [YEAR_HEADER, ["专利申请量", "9", "", "44", "26"]],
    )
    record = read(layout)
    assert codes(record, "申报企业名称") == {"missing"}
    assert codes(record, "专利申请量/2021") == {"missing"}
    assert codes(record, "专利申请量/2020") == set()


def test_none_written_for_a_date_is_said_not_missing(make_layout: Any) -> None:
    record = read(make_layout([["企业工商登记日期", "无", "法定代表人", "李四"]]))
    assert codes(record, "企业工商登记日期") == {"none_written"}


def test_a_money_row_labelled_in_yuan_is_read_in_the_catalogue_unit(make_layout: Any) -> None:
    layout = make_layout(
        [YEAR_HEADER, ["研发经费总额（元）", "25884300", "46284000", "55671600", "42613300"]],
        [["注册资本（亿元）", "1.5", "从业人数", "20"]],
    )
    record = read(layout)
    assert [record.value(f"研发经费总额/{c}") for c in ("2020", "2021", "2022", "平均值")] == [
        2588.43,
        4628.4,
        5567.16,
        4261.33,
    ]
    assert record.value("注册资本") == 15000.0


def test_a_value_run_on_after_its_label_is_its_value_not_the_cell_below(
    make_layout: Any,
) -> None:
    # A seal took the rule between 邮箱 and its value: one cell holds both, and the cell
    # below is another field's.
    layout = make_layout(
        [
            # A speck read after 电话: the cell beside it still holds its value.
            ["电话 A", "16377295080", "邮箱zhuyutong@lianchuang-tech.com"],
            [
                "近三年组织机构产学研融通情况",
                "与“科创中国”试点城市（园区）内主体的产学研技术合同成交金额总数（万元）",
                "17183.36",
            ],
        ]
    )
    layout.kind = "scan"
    record = assemble(layout, form_spec("融通创新组织榜", 2023), 2023)
    assert record.value("邮箱") == "zhuyutong@lianchuang-tech.com"
    assert record.value("电话") == "16377295080"
    assert (
        record.value("与“科创中国”试点城市（园区）内主体的产学研技术合同成交金额总数") == 17183.36
    )
