"""Real PDFs from other projects' test corpora (see SOURCES.md beside them): read or refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import EncryptedFile, ExtractionError, UnreadableFile
from extractor.pdf import read_pdf

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"


def test_every_real_pdf_is_read_or_refused_in_one_line() -> None:
    paths = sorted(CORPUS.glob("*.pdf"))
    assert len(paths) == 11
    for path in paths:
        try:
            layout = read_pdf(path)
        except ExtractionError as error:
            assert "\n" not in str(error) and error.source == path.name
        else:
            assert layout.kind in ("pdf", "scan") and layout.pages


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("pdf-empty.pdf", UnreadableFile, "empty file"),
        ("pdf-bad1.pdf", UnreadableFile, "not a PDF file (no %PDF header)"),
        ("pdf-encrypted-password-test.pdf", EncryptedFile, "encrypted PDF: a password is needed"),
    ],
)
def test_refusals_name_the_problem(name: str, error: type[ExtractionError], message: str) -> None:
    with pytest.raises(error) as raised:
        read_pdf(CORPUS / name)
    assert raised.value.message == message
    assert raised.value.kind == ("encrypted" if error is EncryptedFile else "unreadable")


@pytest.mark.parametrize("name", ["pdf-bad2.pdf", "pdf-bad3.pdf", "pdf-bad4.pdf", "pdf-bad5.pdf"])
def test_damaged_files_are_repaired_and_read(name: str) -> None:
    # qpdf's bad2-5 are one page saying "Potato" behind a damaged xref or page tree.
    layout = read_pdf(CORPUS / name)
    assert layout.pages == 1 and layout.text() == "Potato"


def test_duplicated_characters_are_read_once() -> None:
    text = read_pdf(CORPUS / "pdf-zh-duplicate-chars.pdf").text()
    assert "项目描述：负责四川省甘孜州丹巴磨子电站引水隧洞爆破方案优化设计" in text
    assert "项项目目" not in text


def test_key_value_report_keeps_its_chinese_text() -> None:
    layout = read_pdf(CORPUS / "pdf-zh-key-value-report.pdf")
    assert layout.pages == 1
    assert "采样时间:2021-06-04 09:00" in layout.text()
    assert "白细胞计数(WBC)" in layout.text()


def test_page_without_a_text_layer_is_read_by_ocr() -> None:
    # The malformed file's text layer holds only "2021 3 31"; the page itself is an image
    # of a Chinese bond prospectus page.
    layout = read_pdf(CORPUS / "pdf-malformed.pdf")
    assert layout.kind == "scan" and layout.pages == 1
    assert "重庆万州经济技术开发（集团）有限公司" in layout.text()
    assert all(p.confidence < 1.0 for p in layout.paragraphs())
