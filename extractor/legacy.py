"""Legacy word-processor files (.doc, .wps, .rtf) read through a .docx made by
LibreOffice.

Each conversion runs ``soffice --headless --convert-to docx`` in a fresh
temporary directory with its own LibreOffice profile (``-env:UserInstallation``),
so conversions never share state, never touch the user's profile, and can run
side by side. The converter runs in its own process group, killed whole when
the time limit passes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extractor.docx import read_docx
from extractor.errors import (
    EncryptedFile,
    ExtractionTimeout,
    MissingConverter,
    UnreadableFile,
    UnsafeFile,
)
from extractor.layout import Layout
from extractor.safety import MAX_UNPACKED_TOTAL, OLE2_MAGIC, is_encrypted_ole2

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
LEGACY_SUFFIXES = (".doc", ".wps", ".rtf")
#: A legacy file larger than this is refused before LibreOffice sees it.
MAX_LEGACY_SIZE = MAX_UNPACKED_TOTAL
_CONVERTERS = ("soffice", "libreoffice")
_ZIP_MAGIC = b"PK\x03\x04"
#: How the files LibreOffice should convert begin: Word 97-2003 and WPS files are
#: OLE2 compound files; RTF, and the HTML or MHT that web systems save as ".doc".
_CONVERTIBLE_STARTS = (OLE2_MAGIC, b"{\\rtf", b"<", b"MIME-Version")


@contextmanager
def convert_legacy(
    path: Path, *, timeout: float = 60.0, source: str | None = None
) -> Iterator[Path]:
    """A context manager giving a .docx converted from ``path``; the file and its
    temporary directory are removed when the ``with`` block ends. A .docx saved
    under a legacy name is given back as it is, without conversion."""
    source = source if source is not None else path.name
    head = _check_input(path, source)
    if head.startswith(_ZIP_MAGIC):
        yield path
        return
    converter = _find_converter(source)
    with tempfile.TemporaryDirectory(prefix="kczg-legacy-") as work:
        folder = Path(work)
        # A fixed name keeps odd file names (leading "-", spaces) away from the
        # command line; the suffix tells LibreOffice which filter to try first.
        suffix = path.suffix.lower() if path.suffix.lower() in LEGACY_SUFFIXES else ".doc"
        original = folder / "in" / f"document{suffix}"
        original.parent.mkdir()
        shutil.copyfile(path, original)
        out = folder / "out"
        _run_converter(converter, original, out, folder / "profile", timeout, source)
        converted = out / "document.docx"
        if not converted.is_file():
            raise UnreadableFile(
                source,
                "LibreOffice could not convert the file "
                "(damaged, password-protected or not a word-processor file)",
            )
        yield converted


def read_legacy(path: Path, *, source: str | None = None, timeout: float = 60.0) -> Layout:
    """Read a .doc/.wps/.rtf file into a Layout (``kind="doc"``, or ``"docx"`` for a
    .docx under a legacy name)."""
    source = source if source is not None else path.name
    with convert_legacy(path, timeout=timeout, source=source) as converted:
        layout = read_docx(converted, source=source)
        if converted != path:
            layout.kind = "doc"
    return layout


def _find_converter(source: str) -> str:
    for name in _CONVERTERS:
        found = shutil.which(name)
        if found is not None:
            return found
    raise MissingConverter(
        source,
        f"LibreOffice (soffice) is needed to read .doc, .wps and .rtf files: "
        f"install the Debian package {DEBIAN_PACKAGE}",
    )


def _check_input(path: Path, source: str) -> bytes:
    """The file's first bytes, once it is known to be worth converting."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        raise UnreadableFile(source, f"cannot read the file ({exc.strerror})") from None
    if size == 0:
        raise UnreadableFile(source, "empty file")
    if size > MAX_LEGACY_SIZE:
        mb = 1024 * 1024
        raise UnsafeFile(source, f"file is {size // mb} MB (limit {MAX_LEGACY_SIZE // mb} MB)")
    # LibreOffice imports any bytes it does not recognise as plain text; refuse
    # them here rather than read garbage.
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(_ZIP_MAGIC) and not stripped.startswith(_CONVERTIBLE_STARTS):
        raise UnreadableFile(source, "not a Word .doc, WPS or RTF file")
    if head.startswith(OLE2_MAGIC) and is_encrypted_ole2(path):
        raise EncryptedFile(source, "the Word file is encrypted (password-protected)")
    return head


def _run_converter(
    converter: str, original: Path, out: Path, profile: Path, timeout: float, source: str
) -> None:
    command = [
        converter,
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(original),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(profile.parent)},
    )
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # soffice starts soffice.bin as a child: end the whole group we started.
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ExtractionTimeout(
            source, f"LibreOffice took longer than {timeout:g} s to convert the file"
        ) from None
