"""Text PDF -> Layout, from pdfplumber's text and vector layers.

Pages without a usable text layer (scanned pages) are rendered and read by OCR.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from extractor.errors import EncryptedFile, UnreadableFile
from extractor.layout import BOX_GLYPHS, Block, Layout
from extractor.page.compose import Token, page_blocks
from extractor.page.continuation import SCAN_PAGE_SCALE, SCAN_PAGE_SHIFT, document_blocks
from extractor.page.grids import build_grids
from extractor.pdf.checkboxes import find_boxes
from extractor.pdf.rules import pdf_rules
from extractor.safety import check_render_size
from extractor.sniff import read_head

#: Points within which two table rules are the same rule.
RULE_TOL = 2.0
#: A gap (points) wider than this between two words is a space.
SPACE_GAP = 1.0
#: Resolution scanned pages are rendered at for OCR.
OCR_DPI = 150
#: Pages with fewer characters than this and a large image are scans.
MIN_TEXT_CHARS = 30
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CID = re.compile(r"^\(cid:\d+\)$")
#: What pdfminer raises on a file it cannot parse, beyond its own exceptions.
_BROKEN = (
    PSException,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)


@dataclass
class _Source:
    name: str
    path: Path
    repaired: bytes | None = None
    #: Pages read by OCR: a PDF with any is a scan to the steps after the reader.
    ocr_pages: set[int] = field(default_factory=set)

    def target(self) -> io.BytesIO:
        # The bytes, never a path: pdfplumber leaves the file it opened open when pdfminer
        # fails with anything but its own exception, and a worker reads many files.
        data = self.repaired if self.repaired is not None else self.path.read_bytes()
        return io.BytesIO(data)


def read_pdf(path: Path, *, source: str | None = None) -> Layout:
    """Tables and paragraphs of every page; raises ExtractionError subclasses on bad files."""
    src = _Source(source or path.name, path)
    _check_header(src)
    blocks, pages = _read_all(src, _open(src))
    if not blocks and src.repaired is None:
        # pdfminer may parse a damaged file without error yet lose every page's content.
        repaired = _open_repaired(src, "no readable content")
        blocks, pages = _read_all(src, repaired)
    if not src.ocr_pages:
        return Layout(src.name, "pdf", document_blocks(blocks), pages=pages)
    from extractor.scan.engine import engine

    ocr = engine()
    return Layout(
        src.name,
        "scan",
        document_blocks(blocks, page_shift=SCAN_PAGE_SHIFT, page_scale=SCAN_PAGE_SCALE),
        pages=pages,
        ocr_engine=ocr.name,
        ocr_precision=ocr.precision,
    )


def _read_all(src: _Source, pdf: PDF) -> tuple[list[Block], int]:
    try:
        blocks: list[Block] = []
        for number, page in enumerate(pdf.pages, start=1):
            blocks.extend(_read_page(src, page, number))
            # Its parsed objects go once read: a long PDF would otherwise hold every page's.
            page.close()
        return blocks, len(pdf.pages)
    except (PdfminerException, *_BROKEN) as exc:
        raise UnreadableFile(src.name, f"broken PDF: {_reason(exc)}") from exc
    finally:
        pdf.close()


def _check_header(src: _Source) -> None:
    if b"%PDF-" not in read_head(src.path, src.name):
        raise UnreadableFile(src.name, "not a PDF file (no %PDF header)")


def _reason(exc: BaseException) -> str:
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else ""
    return text or type(inner).__name__


def _encrypted(exc: BaseException) -> bool:
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    return isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError)


def _open(src: _Source) -> PDF:
    """Open the file; a broken one is rewritten once by PDFium (its repair) and opened again."""
    try:
        pdf = pdfplumber.open(src.target())
    except (PdfminerException, *_BROKEN) as exc:
        if _encrypted(exc):
            raise EncryptedFile(src.name, "encrypted PDF: a password is needed") from exc
        pdf = _open_repaired(src, _reason(exc))
    else:
        if not _count_pages(pdf, src):
            pdf.close()
            pdf = _open_repaired(src, "no pages")
    return pdf


def _count_pages(pdf: PDF, src: _Source) -> int:
    try:
        return len(pdf.pages)
    except (PdfminerException, *_BROKEN) as exc:
        raise UnreadableFile(src.name, f"broken PDF: {_reason(exc)}") from exc


def _open_repaired(src: _Source, problem: str) -> PDF:
    try:
        doc = pdfium.PdfDocument(src.path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFile(src.name, "encrypted PDF: a password is needed") from exc
        raise UnreadableFile(src.name, f"broken PDF: {problem}") from exc
    try:
        buffer = io.BytesIO()
        doc.save(buffer)
    finally:
        doc.close()
    src.repaired = buffer.getvalue()
    try:
        pdf = pdfplumber.open(src.target())
    except (PdfminerException, *_BROKEN) as exc:
        raise UnreadableFile(src.name, f"broken PDF: {problem}") from exc
    if not _count_pages(pdf, src):
        pdf.close()
        raise UnreadableFile(src.name, "broken PDF: no pages")
    return pdf


def _usable_text(page: Page) -> bool:
    """Whether the text layer carries the page: some Chinese, or enough text and no scan image."""
    text = [c["text"] for c in page.chars if c["text"].strip() and not _CID.match(c["text"])]
    if any(_CJK.match(t) for t in text) or len(text) >= MIN_TEXT_CHARS:
        return True
    if not text:
        return False
    area = float(page.width * page.height)
    covered = sum(float((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images)
    return covered < 0.5 * area


def _has_duplicates(chars: list[dict[str, Any]]) -> bool:
    """Whether some character is printed twice at (nearly) one place, as fake bold does.

    A cheap test first: pdfplumber's de-duplication costs a quarter of the reading time.
    """
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        x, top = int(char["x0"]), int(char["top"])
        if any((char["text"], x + dx, top + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            return True
        seen.add((char["text"], x, top))
    return False


def _read_page(src: _Source, page: Page, number: int) -> list[Block]:
    if not page.chars and not page.images:
        return []
    if not _usable_text(page):
        return _ocr_page(src, number)
    if _has_duplicates(page.chars):
        page = page.dedupe_chars()
    boxes, inner = find_boxes(page.rects, page.curves, page.lines, page.chars)
    if inner:
        skip = {id(c) for c in inner}
        page = page.filter(lambda obj: id(obj) not in skip)
    tokens = [
        Token(str(w["text"]).translate(BOX_GLYPHS), w["x0"], w["top"], w["x1"], w["bottom"])
        for w in page.extract_words()
    ]
    tokens.extend(Token(b.mark, *b.bbox) for b in boxes)
    rules = pdf_rules(page.edges, [b.bbox for b in boxes])
    return page_blocks(build_grids(rules, RULE_TOL), tokens, number, SPACE_GAP)


def _ocr_page(src: _Source, number: int) -> list[Block]:
    # The OCR stack (onnxruntime, OpenCV) is heavy to import; text PDFs never need it.
    from extractor.scan.page import read_scan_page

    src.ocr_pages.add(number)
    try:
        doc = pdfium.PdfDocument(src.repaired if src.repaired is not None else src.path)
    except pdfium.PdfiumError as exc:
        raise UnreadableFile(src.name, f"cannot render page {number}: {exc}") from exc
    try:
        page = doc[number - 1]
        check_render_size(page.get_size(), dpi=OCR_DPI, source=src.name, page=number)
        # In colour (RGB), so that the scan reader tells a red seal from black ink.
        bitmap = page.render(scale=OCR_DPI / 72, rev_byteorder=True)
        image: Any = bitmap.to_numpy()
    except pdfium.PdfiumError as exc:
        raise UnreadableFile(src.name, f"cannot render page {number}: {exc}") from exc
    finally:
        doc.close()
    return read_scan_page(image.copy(), number, OCR_DPI)
