"""Text, long text and the catalogue's character count."""

from __future__ import annotations

import pytest

from schemas.catalogue import FieldType
from schemas.normalise import char_count, normalise_as


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  北京市海淀区  ", "北京市海淀区"),
        ("北京市\n海淀区", "北京市 海淀区"),
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
