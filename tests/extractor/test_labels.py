"""Printed labels, however filled in, map to the catalogue label, or are said to be ambiguous."""

from __future__ import annotations

import pytest

from extractor.labels import Ambiguous, LabelMatch, label_index, label_key, strip_hint
from schemas.catalogue import form_spec


@pytest.mark.parametrize(
    ("form", "printed", "label"),
    [
        ("新锐企业榜", "注册资本（万元）", "注册资本"),
        ("新锐企业榜", "注册资本(万元)", "注册资本"),
        ("新锐企业榜", "注 册 资 本\n（万元）", "注册资本"),
        ("新锐企业榜", "研 发 经 费\n总额", "研发经费总额"),
        (
            "新锐企业榜",
            "研发经费投入强\n度（当年研发经\n费占当年业务收\n入的百分比）",
            "研发经费投入强度",
        ),
        ("新锐企业榜", "从业人数\n（人）\n请参照缴纳社会保险的人数填写", "从业人数"),
        ("新锐企业榜", "企业工商登记日期（年-月-日）", "企业工商登记日期"),
        ("新锐企业榜", "联系人", "联系人姓名"),
        ("新锐企业榜", "联系人通讯地址", "联系人通讯地址"),
        ("新锐企业榜", "是否属于上\n市公司", "是否属于上市公司"),
        ("先导技术榜", "所属单位\n（团队）名称", "所属单位（团队）名称"),
        ("先导技术榜", "所属单位(团队)名称", "所属单位（团队）名称"),
        ("先导技术榜", "一、技术介绍（400-600字）", "技术介绍"),
        ("先导技术榜", "技术成果转化\n形式（可多选）", "技术成果转化形式"),
        ("创业就业先锋榜", "电子\n邮箱", "电子邮箱"),
        (
            "创业就业先锋榜",
            "就业服务（平台）\n促成的大学生/\n青年就业人数\n（人）",
            "就业服务（平台）促成的大学生/青年就业人数",
        ),
        (
            "创业就业先锋榜",
            "一、在热点领域或关键核心技术领域取得的突出成绩，是否形成了企业标准或行业标准等（不超过1000字）",
            "在热点领域或关键核心技术领域取得的突出成绩",
        ),
        (
            "技术经理人先锋榜",
            "所获得技术\n转移专业培\n训或资质证\n书情况（如\n有请附证书\n扫描件）",
            "所获得技术转移专业培训或资质证书情况",
        ),
        ("融通创新组织榜", "孵化科技型企业\n数量（个）", "孵化科技型企业数量"),
    ],
)
def test_printed_label_matches_catalogue_label(form: str, printed: str, label: str) -> None:
    found = label_index(form_spec(form, 2022)).match(printed)
    assert isinstance(found, LabelMatch)
    assert found.label == label


def test_label_and_value_in_one_cell_split_at_the_colon() -> None:
    found = label_index(form_spec("先导技术榜", 2022)).match("联系人：张三")
    assert isinstance(found, LabelMatch)
    assert (found.label, found.rest, found.colon) == ("联系人", "张三", True)


def test_half_width_colon_and_spaces() -> None:
    found = label_index(form_spec("新锐企业榜", 2022)).match("电 话 : 010-68767227")
    assert isinstance(found, LabelMatch)
    assert (found.label, found.rest) == ("电话", "010-68767227")


@pytest.mark.parametrize("value", ["张三", "北京智芯科技有限公司", "2019年3月5日", "☑是 □否", ""])
def test_values_are_not_labels(value: str) -> None:
    assert label_index(form_spec("新锐企业榜", 2022)).match(value) is None


def test_edition_wording_matches_fuzzily_with_lower_score() -> None:
    found = label_index(form_spec("新锐企业榜", 2022)).match("研发经费投入总额")
    assert isinstance(found, LabelMatch)
    assert found.label == "研发经费总额"
    assert found.score < 1.0


def test_two_equally_good_labels_are_ambiguous() -> None:
    found = label_index(form_spec("新锐企业榜", 2022)).match("研发经费")
    assert isinstance(found, Ambiguous)
    assert found.candidates == ("研发经费总额", "研发经费投入强度")


def test_a_label_cut_short_matches_its_only_completion() -> None:
    found = label_index(form_spec("新锐企业榜", 2022)).match("主营业务或主导产品")
    assert isinstance(found, LabelMatch)
    assert found.label == "主营业务或主导产品行业及代码"
    assert found.score < 1.0


@pytest.mark.parametrize(
    ("read", "label"),
    [
        # A character of the row below read into the label cell of a photographed form.
        ("新增产品工艺创新数创", "新增产品/工艺创新数"),
        ("企业总收入支（包括营业收入和非营业收入（万元）", "企业总收入"),
        # The label's second line went to the next column; its unit's bracket is open.
        ("预期盈利增（万元", "预期盈利增长能力"),
    ],
)
def test_a_label_read_with_a_character_too_many_or_an_open_aside_still_matches(
    read: str, label: str
) -> None:
    found = label_index(form_spec("创业就业先锋榜", 2022)).match(read)
    assert isinstance(found, LabelMatch) and found.label == label and found.score < 1.0


def test_strip_hint_drops_printed_hints_and_seals_keeps_values() -> None:
    text = (
        "（研发资源、核心专有技术（或产品）及优势等）\n我们的核心技术\n申报单位公章\n年    月    日"
    )
    assert strip_hint(text) == "我们的核心技术"
    assert strip_hint("按期交付，包括三项技术") == "按期交付，包括三项技术"


@pytest.mark.parametrize(
    ("printed", "key"),
    [("一、1.技术名称：", "技术名称"), ("（一）技术名称", "技术名称"), ("0)0)", "")],
)
def test_numbering_printed_twice_over_is_all_taken_off(printed: str, key: str) -> None:
    # Found by the fuzz test: a key made twice must be the key made once.
    assert label_key(printed) == key
    assert label_key(key) == key


@pytest.mark.parametrize(
    ("form", "read", "label", "value"),
    [
        ("融通创新组织榜", "组织机构联系人黄娜", "组织机构联系人", "黄娜"),
        (
            "新锐企业榜",
            "*联系人通讯地址陕西省西安市雁塔区科技路225号",
            "联系人通讯地址",
            "陕西省西安市雁塔区科技路225号",
        ),
        ("新锐企业榜", "企业工商登记日期2018-09-04", "企业工商登记日期", "2018-09-04"),
    ],
)
def test_a_scalar_label_with_its_value_run_on_after_it_gives_the_value(
    form: str, read: str, label: str, value: str
) -> None:
    # A PDF's or scan's line joining lost the break between a label and the value under it.
    found = label_index(form_spec(form, 2022)).match(read)
    assert isinstance(found, LabelMatch)
    assert (found.label, found.rest) == (label, value)
    assert found.score < 1.0


@pytest.mark.parametrize(
    "read",
    [
        "联系人通讯",  # a label cut short, not 联系人 with the value 通讯
        "企业总收入6399.51",  # a year table's label: its values stand in its row
        "联系人张三，负责技术合同登记。",  # a sentence, not a value
    ],
)
def test_what_only_looks_like_a_label_and_its_value_is_not_split(read: str) -> None:
    found = label_index(form_spec("新锐企业榜", 2022)).match(read)
    assert not (isinstance(found, LabelMatch) and found.rest)


@pytest.mark.parametrize(
    "read",
    [
        "企业总收人\n（万元）",
        "企业总收人（包括营业收入和非营业收入）（万元）",
        # The aside's opening bracket lost too: its hint words say where it began.
        "企业总收人包括营业收入和非营业收入）\n（万元）",
    ],
)
def test_a_label_with_a_look_alike_character_still_matches_with_lower_score(read: str) -> None:
    found = label_index(form_spec("创业就业先锋榜", 2022)).match(read)
    assert isinstance(found, LabelMatch)
    assert found.label == "企业总收入"
    assert found.score < 1.0


def test_a_look_alike_does_not_make_a_label_of_another_word() -> None:
    assert label_index(form_spec("创业就业先锋榜", 2022)).match("总收人包括营业收入") is None


def test_a_speck_read_as_a_colon_inside_a_label_does_not_cut_it() -> None:
    found = label_index(form_spec("新锐企业榜", 2023)).match("主营业务收入预期增长：能力（万元")
    assert isinstance(found, LabelMatch)
    assert (found.label, found.rest) == ("主营业务收入预期增长能力", "")
    assert found.score < 1.0
    # A label and its value after a colon are still read so.
    found = label_index(form_spec("新锐企业榜", 2023)).match("主营业务：软件开发")
    assert isinstance(found, LabelMatch) and (found.label, found.rest) == ("主营业务", "软件开发")


@pytest.mark.parametrize(
    ("form", "edition", "read", "label"),
    [
        # Specks of a copy read as marks and a letter, on a line of their own or at the end.
        ("创业就业先锋榜", 2022, ".r\n商业模式（不超过1000字）", "商业模式"),
        (
            "创业就业先锋榜",
            2022,
            "企业的技术创新、管理创新、服务创新（不超过1000字）.",
            "企业的技术创新、管理创新、服务创新",
        ),
        # A heading's 、 read as a colon.
        (
            "融通创新组织榜",
            2022,
            "二：机制模式创新情况（包含研发模式、转移转化模式）",
            "机制模式创新情况",
        ),
        # An aside's opening bracket lost, or read as another mark, before its hint words.
        (
            "融通创新组织榜",
            2022,
            "四、对本地产学研生态构建及产业发展的贡献包含对试点城市产学研生态构建的促进，1000字以内）",
            "对本地产学研生态构建及产业发展的贡献",
        ),
        (
            "融通创新组织榜",
            2022,
            "一、组织机构简介+包含成立背景、股东情况、规模及工作内容等，500字以内)",
            "组织机构简介",
        ),
    ],
)
def test_a_label_a_copy_put_specks_and_slips_around_is_a_sure_match(
    form: str, edition: int, read: str, label: str
) -> None:
    found = label_index(form_spec(form, edition)).match(read)
    assert isinstance(found, LabelMatch)
    assert (found.label, found.rest, found.score) == (label, "", 1.0)


@pytest.mark.parametrize(
    ("read", "label"),
    [
        (
            "三、申请入在技术经理人从业规范方面认知与理解情况，包括且不限于思想品德（1000字以内）",
            "申请人在技术经理人从业规范方面认知与理解情况",
        ),
        ("一、组织机构简个（包含成立背景、股东情况、规模及工作内容等，500字以内）", "组织机构简介"),
    ],
)
def test_a_long_label_with_a_look_alike_matches_with_its_aside_and_lower_score(
    read: str, label: str
) -> None:
    form = "技术经理人先锋榜" if "申请" in read else "融通创新组织榜"
    found = label_index(form_spec(form, 2022)).match(read)
    assert isinstance(found, LabelMatch)
    assert (found.label, found.rest) == (label, "")
    assert found.score < 1.0


def test_a_numbered_heading_misread_over_its_text_gives_the_text() -> None:
    index = label_index(form_spec("创业就业先锋榜", 2022))
    text = "依托科协组织和学会资源，积极参与路演和技术对接活动。\n成果转化过程中注重知识产权保护。"
    found = index.match("二、企业管理机式和制度创新（不超过1000字）\n" + text)
    assert isinstance(found, LabelMatch)
    assert (found.label, found.rest) == ("企业管理模式和制度创新", text)
    assert found.score < 1.0
    # Not numbered, a first line is no heading, however like a label: it is a value's.
    assert index.match("企业管理机式和制度创新\n" + text) is None


@pytest.mark.parametrize(
    "read",
    [
        "年月白",  # the seal lay over 日
        "申报单位公",  # 章 lost under it
        "年月：日",
        "申报单位公章 .",
        ".",
        "推荐单位公章 :",
        "'年月日 .",
    ],
)
def test_a_printed_signature_line_read_with_a_slip_or_specks_is_no_value(read: str) -> None:
    assert strip_hint(f"经审核，申报材料真实有效，同意申报。\n{read}") == (
        "经审核，申报材料真实有效，同意申报。"
    )


@pytest.mark.parametrize("value", ["2023年5月日", "同意推荐", "负责人王强", "A级"])
def test_a_value_near_a_signature_line_is_kept(value: str) -> None:
    # A date with its day left out is what was written: its digits are no slip.
    assert strip_hint(value) == value


def test_a_printed_aside_with_a_speck_after_it_is_no_value() -> None:
    text = "（支撑区域经济社会高质量发展的贡献）：\n该技术有效降低了生产能耗。"
    assert strip_hint(text) == "该技术有效降低了生产能耗。"
