"""``extract``: any supported file -> a checked, typed record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extractor.assemble import assemble
from extractor.detect import detect
from extractor.errors import (
    ExtractionError,
    MissingConverter,
    MissingFile,
    NotAFile,
    OcrModelsMissing,
    UnreadableFile,
)
from extractor.layout import Layout
from extractor.safety import MAX_PAGES, check_page_count, run_with_timeout
from extractor.sniff import EXTENSIONS, Sniffed, sniff
from schemas.flags import Flag, FlagCode, Severity
from schemas.record import FormRecord

#: Seconds one file may take, reading and checking together.
TIME_LIMIT = 120.0
#: Largest file accepted, in bytes.
MAX_FILE_BYTES = 100 * 1024 * 1024


def read_layout(
    path: Path,
    *,
    source: str | None = None,
    found: Sniffed | None = None,
    max_pages: int = MAX_PAGES,
) -> Layout:
    """The reader for what the file really is, refusing one that is not what it says.

    ``found`` is what a caller that already sniffed the file learnt, so it is not read twice;
    a PDF or image of more than ``max_pages`` pages is refused before any page is read.
    """
    name = source or path.name
    if path.is_dir():
        raise NotAFile(name, "is a directory, not a form file")
    if not path.is_file():
        raise MissingFile(name, "no such file")
    expected = EXTENSIONS.get(path.suffix.lower())
    if expected is None:
        known = " ".join(sorted(EXTENSIONS))
        raise UnreadableFile(name, f"unsupported file type {path.suffix or '(none)'}; use {known}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise UnreadableFile(name, f"file too large ({size // 2**20} MB; limit {limit} MB)")
    found = found or sniff(path, name)
    kind = found.kind
    if kind not in expected:
        raise UnreadableFile(name, f"not a {path.suffix} file: it is {found.description}")
    if kind in ("pdf", "image"):
        check_page_count(_page_count(path, kind), limit=max_pages, source=name)
    if kind == "ole" and path.suffix.lower() == ".docx":
        # An encrypted .docx is an OLE container; the .docx reader says so clearly.
        return _read_docx(path, name)
    return _READERS[kind](path, name)


def _page_count(path: Path, kind: str) -> int:
    """Pages (PDF) or frames (image) the file declares; 0 when it cannot say (the reader
    then says what is wrong with it)."""
    try:
        if kind == "pdf":
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(path)
            try:
                return len(document)
            finally:
                document.close()
        from PIL import Image

        with Image.open(path) as image:
            return int(getattr(image, "n_frames", 1))
    except Exception:  # broken, encrypted or a decompression bomb: for the reader to say
        return 0


def _read_docx(path: Path, name: str) -> Layout:
    from extractor.docx import read_docx

    return read_docx(path, source=name)


def _read_legacy(path: Path, name: str) -> Layout:
    from extractor.legacy import read_legacy

    return read_legacy(path, source=name)


def _read_pdf(path: Path, name: str) -> Layout:
    from extractor.pdf import read_pdf

    return read_pdf(path, source=name)


def _read_image(path: Path, name: str) -> Layout:
    from extractor.scan import read_scan

    return read_scan(path, source=name)


_READERS: dict[str, Callable[[Path, str], Layout]] = {
    "docx": _read_docx,
    "ole": _read_legacy,
    "rtf": _read_legacy,
    "html": _read_legacy,
    "pdf": _read_pdf,
    "image": _read_image,
}


def extract(
    path: Path,
    *,
    edition: int | None = None,
    form: str | None = None,
    source: str | None = None,
    time_limit: float = TIME_LIMIT,
    found: Sniffed | None = None,
    max_pages: int = MAX_PAGES,
) -> FormRecord:
    """Read one filled form; raises an ``ExtractionError`` naming the file and the problem."""
    name = source or path.name

    def work() -> FormRecord:
        try:
            layout = read_layout(path, source=name, found=found, max_pages=max_pages)
        except OcrModelsMissing as err:
            raise MissingConverter(name, str(err)) from None
        detected = detect(layout, form=form, edition=edition)
        record = assemble(layout, detected.form, detected.edition)
        if detected.title_names is not None:
            record.flags.insert(0, _form_mismatch(detected.form.list, detected.title_names))
        return record

    return run_with_timeout(work, time_limit, name)


def _form_mismatch(given: str, titled: str) -> Flag:
    return Flag(
        field="form",
        code=FlagCode.FORM_MISMATCH,
        severity=Severity.WARNING,
        message=(
            f"按 --form 指定的“{given}”读取，但表头标题是“{titled}”；"
            f"缺项多半是因为表不对（the title names {titled}, not {given}）"
        ),
    )


__all__ = ["ExtractionError", "extract", "read_layout"]
