"""What a file really is, from its first bytes rather than its name."""

from __future__ import annotations

from pathlib import Path

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"%PDF", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    # Web systems save HTML or MHT under ".doc"; LibreOffice reads both.
    (b"MIME-Version", "html"),
    (b"<", "html"),
)

#: File name suffix -> the kinds of content accepted under it.
EXTENSIONS: dict[str, frozenset[str]] = {
    ".docx": frozenset({"docx", "ole"}),
    ".doc": frozenset({"ole", "docx", "rtf", "html"}),
    ".wps": frozenset({"ole"}),
    ".rtf": frozenset({"rtf"}),
    ".pdf": frozenset({"pdf"}),
    ".png": frozenset({"image"}),
    ".jpg": frozenset({"image"}),
    ".jpeg": frozenset({"image"}),
    ".tif": frozenset({"image"}),
    ".tiff": frozenset({"image"}),
}


def sniff(path: Path) -> str:
    """docx (a zip), ole (Word 97 or an encrypted Office file), rtf, html, pdf, image or unknown."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    # A PDF may have junk before its header; the format allows it within the first 1 KB.
    return "pdf" if b"%PDF-" in head else "unknown"
