"""How many pages a document has, read cheaply before the whole of it is."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import EncryptedFile, UnreadableFile

__all__ = ["page_count"]


def page_count(path: Path, *, source: str) -> int:
    """The page count of a PDF from its page tree alone (pdfium), without reading pages."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        text = str(err).lower()
        if "password" in text:
            raise EncryptedFile(source, "the PDF is password-protected") from None
        raise UnreadableFile(source, f"not a readable PDF ({err})") from None
    try:
        return len(document)
    finally:
        document.close()
