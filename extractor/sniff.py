"""What a file really is, from its first bytes rather than its name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.errors import UnreadableFile


@dataclass(frozen=True)
class Sniffed:
    #: docx (a zip), ole (Word 97 or an encrypted Office file), rtf, html, pdf, image, unknown.
    kind: str
    #: What to call it in a message: "a PNG image".
    description: str


_MAGIC: tuple[tuple[bytes, Sniffed], ...] = (
    (b"PK\x03\x04", Sniffed("docx", "a zip archive")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Sniffed("ole", "an OLE file (Word 97 or encrypted)")),
    (b"{\\rtf", Sniffed("rtf", "an RTF document")),
    (b"%PDF", Sniffed("pdf", "a PDF")),
    (b"\x89PNG\r\n\x1a\n", Sniffed("image", "a PNG image")),
    (b"\xff\xd8\xff", Sniffed("image", "a JPEG image")),
    (b"II*\x00", Sniffed("image", "a TIFF image")),
    (b"MM\x00*", Sniffed("image", "a TIFF image")),
    # Web systems save HTML or MHT under ".doc"; LibreOffice reads both.
    (b"MIME-Version", Sniffed("html", "an MHT web archive")),
    (b"<", Sniffed("html", "an HTML or XML document")),
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


def read_head(path: Path, source: str, size: int = 1024) -> bytes:
    """The file's first bytes; an unreadable or empty file is refused in one line."""
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
    except OSError as exc:
        raise UnreadableFile(source, f"cannot read the file ({exc.strerror})") from None
    if not head:
        raise UnreadableFile(source, "empty file")
    return head


#: The suffix a file of each kind is stored and read under when its own name has none
#: that fits (images by their magic, the rest by kind).
CANONICAL_SUFFIX: dict[str, str] = {
    "docx": ".docx",
    "ole": ".doc",
    "rtf": ".rtf",
    "html": ".doc",
    "pdf": ".pdf",
    "a PNG image": ".png",
    "a JPEG image": ".jpg",
    "a TIFF image": ".tif",
}


def sniff(path: Path, source: str | None = None) -> Sniffed:
    """What the file at ``path`` is, from its first bytes."""
    return sniff_bytes(read_head(path, source or path.name))


def suffix_for(found: Sniffed, name: str) -> str | None:
    """The suffix to read a file of kind ``found`` named ``name`` under; None if unknown."""
    own = Path(name).suffix.lower()
    if found.kind in EXTENSIONS.get(own, frozenset()):
        return own
    return CANONICAL_SUFFIX.get(found.kind) or CANONICAL_SUFFIX.get(found.description)


def sniff_bytes(head: bytes) -> Sniffed:
    """What a file starting with ``head`` (its first KB or so) is."""
    for magic, found in _MAGIC:
        if head.startswith(magic):
            return found
    # A PDF may have junk before its header; the format allows it within the first 1 KB.
    if b"%PDF-" in head:
        return Sniffed("pdf", "a PDF")
    return Sniffed("unknown", "not a known document format")
