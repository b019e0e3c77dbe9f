"""Every way a Word file shows a tick box reads as ☑ or □ at its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.oxml import parse_xml

from extractor.docx import read_docx
from extractor.layout import Paragraph

MakeDocx = Callable[..., Path]

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)


def paragraph_xml(make_docx: MakeDocx, body: str) -> str:
    """The text read from one paragraph whose content is ``body``."""

    def build(document: Any) -> None:
        element = parse_xml(f"<w:p {NS}>{body}</w:p>")
        document.element.body.sectPr.addprevious(element)

    layout = read_docx(make_docx(build))
    found = [b for b in layout.blocks if isinstance(b, Paragraph)]
    assert len(found) == 1
    return found[0].text


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_box_glyphs_are_normalised_and_bare_ticks_kept(make_docx: MakeDocx) -> None:
    path = make_docx(lambda d: d.add_paragraph("☑甲 ☒乙 ■丙 ▣丁 ✅戊 ☐己 □庚 √辛 ✓壬 ✔癸"))

    text = read_docx(path).text()

    assert text == "☑甲 ☑乙 ☑丙 ☑丁 ☑戊 □己 □庚 √辛 ✓壬 ✔癸"


def test_glyphs_in_table_cells_are_normalised(make_docx: MakeDocx) -> None:
    def build(document: Any) -> None:
        document.add_table(rows=1, cols=1).cell(0, 0).text = "■是  ☐否"

    table = next(read_docx(make_docx(build)).tables())

    assert table.cells[0].text == "☑是  □否"


@pytest.mark.parametrize(
    ("font", "char", "shown"),
    [
        ("Wingdings", "F0FE", "☑"),
        ("Wingdings", "F0FD", "☑"),
        ("Wingdings", "F078", "☑"),
        ("Wingdings", "F0A8", "□"),
        ("Wingdings", "F06F", "□"),
        ("Wingdings", "F0FC", "✓"),
        ("Wingdings", "00FE", "☑"),
        ("Wingdings 2", "F052", "☑"),
        ("Wingdings 2", "F054", "☑"),
        ("Wingdings 2", "F0A3", "□"),
        ("Wingdings 2", "F050", "✓"),
        ("Segoe UI Symbol", "2611", "☑"),
        ("Segoe UI Symbol", "2610", "□"),
        ("Symbol", "F0B7", ""),
    ],
)
def test_symbol_characters_become_boxes(
    make_docx: MakeDocx, font: str, char: str, shown: str
) -> None:
    body = run("是") + f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>' + run("否")

    assert paragraph_xml(make_docx, body) == f"是{shown}否"


def test_text_typed_in_wingdings_becomes_boxes(make_docx: MakeDocx) -> None:
    wingdings = '<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
    body = (
        f"<w:r>{wingdings}<w:t>þ</w:t></w:r>"
        + run("是 ")
        + f"<w:r>{wingdings}<w:t>\uf0a8</w:t></w:r>"
        + run("否")
    )

    assert paragraph_xml(make_docx, body) == "☑是 □否"


@pytest.mark.parametrize(("checked", "shown"), [("1", "☑"), ("0", "□"), ("true", "☑")])
def test_content_control_check_box_shows_its_state_once(
    make_docx: MakeDocx, checked: str, shown: str
) -> None:
    # The control's display glyph disagrees with its state on purpose: the state wins.
    body = (
        run("高新技术企业")
        + "<w:sdt><w:sdtPr><w14:checkbox>"
        + f'<w14:checked w14:val="{checked}"/>'
        + '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        + '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
        + "</w14:checkbox></w:sdtPr><w:sdtContent>"
        + '<w:r><w:t>☐</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
        + "</w:sdtContent></w:sdt>"
        + run("是")
    )

    assert paragraph_xml(make_docx, body) == f"高新技术企业{shown}是"


def _form_checkbox(check_box: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/>'
        f"<w:enabled/><w:checkBox><w:sizeAuto/>{check_box}</w:checkBox></w:ffData>"
        "</w:fldChar></w:r>"
        '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


@pytest.mark.parametrize(
    ("check_box", "shown"),
    [
        ('<w:default w:val="1"/>', "☑"),
        ('<w:default w:val="0"/>', "□"),
        ('<w:default w:val="0"/><w:checked/>', "☑"),
        ('<w:default w:val="1"/><w:checked w:val="0"/>', "□"),
        ("", "□"),
    ],
)
def test_legacy_form_field_check_box(make_docx: MakeDocx, check_box: str, shown: str) -> None:
    body = run("甲") + _form_checkbox(check_box) + run("乙")

    assert paragraph_xml(make_docx, body) == f"甲{shown}乙"


def test_legacy_drop_down_shows_the_chosen_entry(make_docx: MakeDocx) -> None:
    body = (
        run("企业类型：")
        + '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="1"/>'
        + '<w:listEntry w:val="国有"/><w:listEntry w:val="民营"/></w:ddList></w:ffData>'
        + "</w:fldChar></w:r>"
        + '<w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )

    assert paragraph_xml(make_docx, body) == "企业类型：民营"


def test_legacy_text_field_shows_its_result(make_docx: MakeDocx) -> None:
    body = (
        run("法人：")
        + '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:textInput/></w:ffData>'
        + "</w:fldChar></w:r>"
        + '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("张三")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )

    assert paragraph_xml(make_docx, body) == "法人：张三"
