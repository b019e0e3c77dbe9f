"""Text, long text and the catalogue's character count."""

from __future__ import annotations

import pytest

from schemas.catalogue import FieldType, form_spec
from schemas.normalise import char_count, normalise, normalise_as


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  北京市海淀区  ", "北京市海淀区"),
        ("北京市\n海淀区", "北京市海淀区"),
        ("Acme   Robotics\tLtd", "Acme Robotics Ltd"),
        ("中关村　科技园", "中关村 科技园"),
        ("（北京）科技有限公司", "（北京）科技有限公司"),
        ("/", "/"),
        ("无", "无"),
        ("——", "——"),
    ],
)
def test_text_is_one_trimmed_line(raw: str, expected: str) -> None:
    assert normalise_as(FieldType.TEXT, raw) == (expected, None, None)


def test_long_text_keeps_its_line_breaks() -> None:
    raw = "  第一段。  \r\n第二段。\r\n\r\n第三段。\r"
    assert normalise_as(FieldType.LONGTEXT, raw) == ("第一段。\n第二段。\n\n第三段。", None, None)


@pytest.mark.parametrize("kind", [FieldType.TEXT, FieldType.LONGTEXT])
def test_blank_text_is_no_value(kind: FieldType) -> None:
    assert normalise_as(kind, " \n ") == (None, None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("科创中国", 4),
        ("科创 中国。", 4),
        ("TRL6级，", 5),
        ("AI技术：2022年！", 9),
        ("１２３", 3),
        ("", 0),
        (" ，。、；：“”（）", 0),
    ],
)
def test_char_count_counts_characters_letters_and_digits_only(text: str, expected: int) -> None:
    assert char_count(text) == expected


def test_a_line_break_inside_chinese_text_is_where_the_cell_wrapped() -> None:
    assert (
        normalise_as(FieldType.TEXT, "江苏省南京市鼓楼区\n中山路18号").value
        == "江苏省南京市鼓楼区中山路18号"
    )
    assert normalise_as(FieldType.TEXT, "Smart\nFactory 平台").value == "Smart Factory 平台"


def test_page_text_is_unwrapped_where_lines_wrapped_not_where_paragraphs_end() -> None:
    from schemas.normalise.text import unwrap_lines

    text = (
        "本公司成立于2015年，主要从事智能\n制造装备的研发，产品覆盖全国各地。\n"
        "一、技术创新\n公司拥有 Smart Factory 平台，覆盖\n全国十二个省。"
    )
    assert unwrap_lines(text) == (
        "本公司成立于2015年，主要从事智能制造装备的研发，产品覆盖全国各地。\n"
        "一、技术创新\n公司拥有 Smart Factory 平台，覆盖全国十二个省。"
    )


@pytest.mark.parametrize(
    "written",
    ["zhangsan@163.com。", "zhangsan@163.com/", "zhang\nsan@163.com", ".zhangsan@163.com"],
)
def test_an_email_is_read_without_white_space_or_the_marks_at_its_ends(written: str) -> None:
    spec = form_spec("创业就业先锋榜", 2022).field("电子邮箱")
    assert normalise(spec, written).value == "zhangsan@163.com"
