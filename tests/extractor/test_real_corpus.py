"""Real .docx files written by other people's tools (see SOURCES.md beside them).

Expected values were read from the files' XML and, for the merged-cells file,
from its cell texts, which name their own grid position ("34-123" = rows 3-4,
columns 1-3).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from extractor.docx import read_docx
from extractor.errors import ExtractionError
from extractor.layout import Layout, Table

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"


def read(name: str) -> Layout:
    return read_docx(CORPUS / name)


def tables(layout: Layout) -> list[Table]:
    return list(layout.tables())


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.docx")), ids=lambda p: p.name)
def test_every_real_docx_is_read_or_clearly_refused(path: Path) -> None:
    try:
        layout = read_docx(path)
    except ExtractionError as error:
        assert "\n" not in str(error)
    else:
        assert layout.blocks
        for table in tables(layout):
            for cell in table.cells:
                assert cell.row + cell.row_span <= table.n_rows
                assert cell.col + cell.col_span <= table.n_cols


def test_merged_cells_land_where_their_text_says() -> None:
    table = tables(read("docx-merged-cells.docx"))[0]

    assert (table.n_rows, table.n_cols) == (5, 4)
    for cell in table.cells:
        rows, cols = cell.text.split("-")
        assert (cell.row, cell.row_span) == (int(rows[0]), len(rows)), cell.text
        assert (cell.col, cell.col_span) == (int(cols[0]), len(cols)), cell.text
    assert len(table.cells) == 13


def test_legacy_form_field_check_boxes() -> None:
    layout = read("docx-legacy-checkboxes.docx")
    text = layout.text()

    assert len(tables(layout)) == 2
    # 44 FORMCHECKBOX fields, 12 of them with <w:checked/>.
    assert text.count("☑") == 12
    assert text.count("□") == 32
    first = tables(layout)[0]
    assert first.cells[0].text == "Office Use Only     □ Urgent     □ Routine"
    assert [c.text for c in first.row_cells(3)] == [
        "☑ Adult Protective Services",
        "☑ Older Adult Mental Health",
        "☑ Prosecutor’s Office",
        "☑ Regional Center",
    ]
    medications = first.at(19, 10)
    assert medications is not None
    assert (medications.row, medications.row_span, medications.col_span) == (19, 5, 2)
    assert "Privacy Notice" not in text  # footer only


def test_content_control_and_form_field_check_boxes() -> None:
    texts = [p.text for p in read("docx-content-control-checkboxes.docx").paragraphs()]

    assert texts[:4] == [
        "[user unchecked]□[user unchecked]",
        "[user checked]☑[user checked]",
        "[my unchecked]□[my unchecked]",
        "[my checked]☑[my checked]",
    ]
    assert "Piihan B" in texts  # legacy drop-down, no choice made: its first entry
    assert "my_item_A" in texts
    assert "my_item_B" in texts
    assert "Choose an item." not in texts  # placeholder of the unfilled drop-down


def test_iso_strict_document_is_read() -> None:
    layout = read("docx-iso-strict.docx")

    assert [(p.text, p.style) for p in layout.paragraphs()] == [
        ("Bullet1", "List Paragraph"),
        ("Bullet2", "List Paragraph"),
        ("Number1", "List Paragraph"),
        ("Number2", "List Paragraph"),
    ]
    table = tables(layout)[0]
    assert [[c.text for c in table.row_cells(r)] for r in range(2)] == [
        ["Cellaa", "Cellab"],
        ["Cellba", "Cellbb"],
    ]


def test_chinese_application_form() -> None:
    layout = read("docx-zh-gaoqi-application-blank.docx")
    found = tables(layout)

    assert len(found) == 10
    first = found[0]
    assert (first.n_rows, first.n_cols) == (25, 6)
    legal = first.at(7, 0)
    assert legal is not None
    assert (legal.text, legal.row_span) == ("企业法定\n代表人", 3)
    assert first.at(9, 0) is legal
    listed = [c.text for c in first.row_cells(13)]
    assert listed[:3] == ["企业是否上市", "□是  □否", "上市时间"]
    assert layout.text().count("□") == 20
    assert "☑" not in layout.text()
    assert "高新技术企业认定申请书" in [p.text for p in layout.paragraphs()]


def test_libreoffice_converted_document_with_text_boxes() -> None:
    layout = read("docx-zh-libreoffice.docx")
    found = tables(layout)

    # 12 body tables and one in a text box; the text box's VML fallback copy of
    # that table is not read twice.
    assert len(found) == 13
    assert [c.text for t in found for c in t.cells].count("粘\n\n贴\n\n处") == 1
    assert all(t.parent is None for t in found)
    assert layout.text().count("□") == 3
    assert re.search(r"-\s*6\s*-", layout.text()) is None  # page-number footer


def test_a_form_reads_well_under_100_ms() -> None:
    path = CORPUS / "docx-zh-gaoqi-application-blank.docx"  # 10 tables, 355 KB of XML
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        read_docx(path)
        timings.append(time.perf_counter() - started)

    assert min(timings) < 0.1
