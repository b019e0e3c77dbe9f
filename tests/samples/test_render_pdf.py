"""LibreOffice renders a sample .docx to the PDF a user would export."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from samples.render_pdf import ConversionError, to_pdf


def test_docx_becomes_a_pdf_with_its_text(make_docx_pdf: Path) -> None:
    assert make_docx_pdf.read_bytes().startswith(b"%PDF-")
    with pdfplumber.open(make_docx_pdf) as pdf:
        assert "申报表" in (pdf.pages[0].extract_text() or "")


def test_a_file_libreoffice_cannot_open_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ConversionError, match=r"did not convert broken\.pdf"):
        to_pdf(broken, tmp_path / "out")


@pytest.fixture
def make_docx_pdf(reader_form_pdf: Path) -> Path:
    return reader_form_pdf
