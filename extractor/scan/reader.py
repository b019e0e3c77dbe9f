"""Scanned forms -> Layout: image files (PNG, JPEG, TIFF) or an image-only PDF."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from extractor.errors import EncryptedFile, UnreadableFile, UnsafeFile
from extractor.layout import Block, Layout
from extractor.page.continuation import SCAN_PAGE_SCALE, SCAN_PAGE_SHIFT, document_blocks
from extractor.safety import check_render_size
from extractor.scan.engine import engine
from extractor.scan.page import read_scan_page, upright_page
from extractor.sniff import read_head

#: A page image: gray (h, w) or RGB (h, w, 3).
Picture = NDArray[np.uint8]

#: Resolution pages are recognised at: enough for 9 pt text, and OCR time grows with area.
WORK_DPI = 150
#: Resolution assumed for an image that does not say.
DEFAULT_DPI = 150
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def read_scan(path: Path, *, source: str | None = None) -> Layout:
    """Recognise every page; raises ExtractionError subclasses on files it cannot read."""
    name = source or path.name
    blocks: list[Block] = []
    pages = 0
    for pages, (image, dpi) in enumerate(_page_images(path, name), start=1):
        blocks.extend(read_scan_page(image, pages, dpi))
    if not pages:
        raise UnreadableFile(name, "no pages")
    ocr = engine()
    return Layout(
        name,
        "scan",
        document_blocks(blocks, page_shift=SCAN_PAGE_SHIFT, page_scale=SCAN_PAGE_SCALE),
        pages=pages,
        ocr_engine=ocr.name,
        ocr_precision=ocr.precision,
    )


def page_image(path: Path, page: int, *, source: str | None = None) -> Image.Image:
    """Page ``page`` (1-based) of a scanned form (an image file or a PDF) as the reader saw
    it: turned upright and levelled, at the resolution its bounding boxes are in points of
    (one point is ``dpi / 72`` pixels; the image's ``info["dpi"]`` says which)."""
    name = source or path.name
    if page < 1:
        raise UnreadableFile(name, f"no page {page}: pages count from 1")
    # Only that page is decoded or rendered: the pages before it are skipped, not drawn.
    for gray, dpi in _page_images(path, name, first=page):
        image = Image.fromarray(upright_page(gray, dpi))
        image.info["dpi"] = (dpi, dpi)
        return image
    raise UnreadableFile(name, f"no page {page}: the file has {_page_count(path, name)}")


def _page_images(path: Path, name: str, *, first: int = 1) -> Iterator[tuple[Picture, float]]:
    """The pages from page ``first`` on, one at a time: each is decoded or rendered when it
    is asked for, so a long scan never holds more than one page's pixels."""
    head = read_head(path, name)
    if b"%PDF-" in head:
        yield from _pdf_pages(path, name, first)
    elif head.startswith(_IMAGE_MAGIC):
        yield from _image_pages(path, name, first)
    else:
        raise UnreadableFile(name, "not a PDF, PNG, JPEG or TIFF file")


def _page_count(path: Path, name: str) -> int:
    if b"%PDF-" in read_head(path, name):
        with _pdf(path, name) as doc:
            return len(doc)
    with _decoding(name), Image.open(path) as image:
        return int(getattr(image, "n_frames", 1))


@contextlib.contextmanager
def _pdf(path: Path, name: str) -> Iterator[pdfium.PdfDocument]:
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFile(name, "encrypted PDF: a password is needed") from exc
        raise UnreadableFile(name, f"broken PDF: {exc}") from exc
    try:
        yield doc
    finally:
        doc.close()


def _pdf_pages(path: Path, name: str, first: int) -> Iterator[tuple[Picture, float]]:
    with _pdf(path, name) as doc:
        for number in range(first, len(doc) + 1):
            yield _rendered(doc[number - 1], name, number), float(WORK_DPI)


def _rendered(page: pdfium.PdfPage, name: str, number: int) -> Picture:
    """One page at the working resolution; PDFium's bitmap is let go once copied."""
    check_render_size(page.get_size(), dpi=WORK_DPI, source=name, page=number)
    # In colour, RGB: red ink (a seal) is told from black ink by its colour.
    bitmap = page.render(scale=WORK_DPI / 72, rev_byteorder=True)
    return np.array(bitmap.to_numpy(), dtype=np.uint8)


@contextlib.contextmanager
def _decoding(name: str) -> Iterator[None]:
    """Pillow's complaints about an image file as the reader's errors."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsafeFile(name, "image too large to decode safely") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UnreadableFile(name, f"cannot decode image: {exc}") from exc


def _image_pages(path: Path, name: str, first: int) -> Iterator[tuple[Picture, float]]:
    """The frames of an image file, each decoded when it is reached (a multi-page TIFF at
    300 dpi is hundreds of megabytes decoded at once)."""
    with _decoding(name):
        image = Image.open(path)
    try:
        index = first - 1
        while True:
            with _decoding(name):
                try:
                    image.seek(index)
                except EOFError:
                    return
                frame = _at_work_dpi(_colour_or_gray(image), _dpi(image))
            yield frame
            index += 1
    finally:
        image.close()


def _colour_or_gray(frame: Image.Image) -> Image.Image:
    """RGB for a colour image (red ink is told by its colour), gray for any other."""
    return (
        frame.convert("RGB")
        if frame.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr")
        else (frame.convert("L"))
    )


def _dpi(frame: Image.Image) -> float:
    info = frame.info.get("dpi")
    if isinstance(info, tuple) and info and float(info[0]) >= 50:
        return float(info[0])
    return float(DEFAULT_DPI)


def _at_work_dpi(frame: Image.Image, dpi: float) -> tuple[Picture, float]:
    """Fine scans shrunk to the working resolution: OCR time grows with the pixel count."""
    if dpi <= WORK_DPI * 1.2:
        return np.array(frame, dtype=np.uint8), dpi
    scale = WORK_DPI / dpi
    w, h = frame.size
    small = frame.resize((round(w * scale), round(h * scale)), Image.Resampling.LANCZOS)
    return np.array(small, dtype=np.uint8), float(WORK_DPI)
