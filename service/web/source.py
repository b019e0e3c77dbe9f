"""The place in the original a value came from: a page image, or the form's table.

PDFs and scans: the page rendered to PNG (pypdfium2 for PDFs, the image itself for
scans), cached by the file's digest and page; the page's size in PDF points is what
the value's bbox is measured in, so the highlight is drawn over the image in those
units. Word and legacy files: the original read again into its layout, and the table
the value came from laid out as a grid with the cell marked.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from service.errors import NotFound, ServiceError
from service.usecases.context import Services

__all__ = [
    "GridCell",
    "PageImage",
    "TableView",
    "is_paged",
    "page_png",
    "page_size",
    "table_view",
]

#: Pixels per PDF point of a rendered page: sharp enough to read a cell, small to send.
_SCALE = 2.0
_IMAGE_KINDS = {"png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp", "gif"}
#: The resolution a scan without one is taken to have (the scan reader's assumption).
_DEFAULT_DPI = 150.0


@dataclass(frozen=True)
class PageImage:
    """A page's size in PDF points, which its values' boxes are measured in."""

    page: int
    width: float
    height: float


@dataclass(frozen=True)
class GridCell:
    text: str
    row_span: int
    col_span: int
    marked: bool


@dataclass(frozen=True)
class TableView:
    """A table of the original as rows of cells (slots covered by a merge left out)."""

    index: int
    rows: list[list[GridCell]]


def is_paged(file_kind: str) -> bool:
    """Whether values of this kind of file are found on page images."""
    return file_kind == "pdf" or file_kind in _IMAGE_KINDS


def _image_frames(data: bytes) -> list[tuple[Any, float]]:
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for frame in ImageSequence.Iterator(image):
            info = frame.info.get("dpi")
            dpi = float(info[0]) if isinstance(info, tuple) and info and info[0] >= 50 else 0.0
            frames.append((frame.convert("RGB"), dpi or _DEFAULT_DPI))
        return frames


def _pdf_page(data: bytes, page: int) -> Any:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    if not 1 <= page <= len(document):
        raise NotFound(f"原件没有第 {page} 页（no page {page}）")
    return document, document[page - 1]


def page_size(services: Services, sha256: str, file_kind: str, page: int) -> PageImage:
    """The size of a page of the original in PDF points."""
    return _page_size(services.store.read(sha256), file_kind, page)


def _page_size(data: bytes, file_kind: str, page: int) -> PageImage:
    if file_kind == "pdf":
        document, pdf_page = _pdf_page(data, page)
        try:
            width, height = pdf_page.get_size()
        finally:
            document.close()
        return PageImage(page, float(width), float(height))
    frames = _image_frames(data)
    if not 1 <= page <= len(frames):
        raise NotFound(f"原件没有第 {page} 页（no page {page}）")
    image, dpi = frames[page - 1]
    return PageImage(page, image.width * 72 / dpi, image.height * 72 / dpi)


def page_png(services: Services, sha256: str, file_kind: str, page: int) -> bytes:
    """The page as PNG, rendered once and kept beside the originals."""
    cache = services.settings.data_dir / "pages" / f"{sha256}-{page}.png"
    if cache.is_file():
        return cache.read_bytes()
    data = services.store.read(sha256)
    if file_kind == "pdf":
        document, pdf_page = _pdf_page(data, page)
        try:
            image = pdf_page.render(scale=_SCALE).to_pil()
        finally:
            document.close()
    elif file_kind in _IMAGE_KINDS:
        frames = _image_frames(data)
        if not 1 <= page <= len(frames):
            raise NotFound(f"原件没有第 {page} 页（no page {page}）")
        image = frames[page - 1][0]
    else:
        raise ServiceError("此原件没有页面图像（not a PDF or image）")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    png = buffer.getvalue()
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".part")
    partial.write_bytes(png)
    partial.replace(cache)
    return png


#: Tables of originals read lately, by digest: a reviewer clicks field after field.
_TABLES: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
_TABLES_KEPT = 16
_TABLES_LOCK = threading.Lock()


def _tables(services: Services, sha256: str, file_kind: str, source: str) -> tuple[Any, ...]:
    from extractor.api import read_layout
    from extractor.layout import Table

    with _TABLES_LOCK:
        if sha256 in _TABLES:
            _TABLES.move_to_end(sha256)
            return _TABLES[sha256]
    with services.store.local_copy(sha256, f".{file_kind}") as path:
        layout = read_layout(path, source=source)
    tables = tuple(block for block in layout.blocks if isinstance(block, Table))
    with _TABLES_LOCK:
        _TABLES[sha256] = tables
        while len(_TABLES) > _TABLES_KEPT:
            _TABLES.popitem(last=False)
    return tables


def table_view(
    services: Services,
    sha256: str,
    file_kind: str,
    source: str,
    *,
    table: int,
    row: int,
    column: int,
) -> TableView:
    """The original's table ``table`` with the cell at ``row``/``column`` marked."""
    tables = _tables(services, sha256, file_kind, source)
    found = next((t for t in tables if t.index == table), None)
    if found is None:
        raise NotFound(f"原件中没有第 {table + 1} 个表格（no table {table}）")
    by_slot = {(cell.row, cell.col): cell for cell in found.cells}
    covered: set[tuple[int, int]] = set()
    rows: list[list[GridCell]] = []
    for r in range(found.n_rows):
        line: list[GridCell] = []
        for c in range(found.n_cols):
            cell = by_slot.get((r, c))
            if cell is None:
                if (r, c) not in covered:
                    line.append(GridCell("", 1, 1, marked=False))
                continue
            spans = {(r + dr, c + dc) for dr in range(cell.row_span) for dc in range(cell.col_span)}
            covered |= spans
            line.append(
                GridCell(cell.text, cell.row_span, cell.col_span, marked=(row, column) in spans)
            )
        rows.append(line)
    return TableView(index=table, rows=rows)
