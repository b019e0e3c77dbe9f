"""Reading untrusted files without being hurt by them: zip limits, XML without
entities, and a per-file time limit.

Zip limits (module constants, checked against the sizes the archive declares
before anything is unpacked, and again while a part is read, since a hostile
archive can lie about them):

- ``MAX_ENTRIES``: at most 5000 members.
- ``MAX_UNPACKED_TOTAL``: at most 200 MB unpacked in all.
- ``MAX_PART_SIZE``: at most 50 MB for any one member.
- ``MAX_RATIO``: a member above ``RATIO_FLOOR`` (1 MB) unpacked may be at most 100
  times its packed size; smaller members cannot hurt whatever their ratio.

Pages: ``MAX_PAGES`` (200) pages at most, counted before any page is read, and
``MAX_RENDER_PIXELS`` for a page rendered for OCR (A0 at 150 dpi is 35 million): a
page declared 5 m wide would otherwise take gigabytes to render.

XML: a document type declaration (``<!DOCTYPE``, and with it every ``<!ENTITY``)
is refused before the parser builds anything, so no entity is ever expanded
(billion laughs) or fetched (external entities); Office never writes one.
"""

from __future__ import annotations

import signal
import threading
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from types import FrameType
from typing import TypeVar
from xml.etree import ElementTree
from xml.parsers import expat

from extractor.errors import EncryptedFile, ExtractionTimeout, UnreadableFile, UnsafeFile
from extractor.sniff import read_head

MB = 1024 * 1024
MAX_ENTRIES = 5000
MAX_UNPACKED_TOTAL = 200 * MB
MAX_PART_SIZE = 50 * MB
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB
MAX_PAGES = 200
MAX_RENDER_PIXELS = 50_000_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC_NAMES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)
_SCAN_CHUNK = 1 * MB
_END_OF_DIRECTORY = b"PK\x05\x06"
#: The end-of-directory record (22 bytes) plus the longest archive comment.
_END_OF_DIRECTORY_SPAN = 22 + 0xFFFF

T = TypeVar("T")


def check_zip(path: Path, source: str) -> None:
    """Refuse a file that is not a zip archive, or one too big to unpack safely."""
    head = read_head(path, source, 8)
    if head.startswith(OLE2_MAGIC):
        _refuse_ole2(path, source)
    _refuse_many_entries(path, source)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise UnreadableFile(source, _not_a_zip(head)) from None
    with archive:
        check_members(archive.infolist(), source)


def check_members(members: list[zipfile.ZipInfo], source: str) -> None:
    if len(members) > MAX_ENTRIES:
        raise UnsafeFile(source, f"zip archive has {len(members)} entries (limit {MAX_ENTRIES})")
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise EncryptedFile(source, "the zip archive is encrypted (password-protected)")
        if info.file_size > MAX_PART_SIZE:
            raise UnsafeFile(
                source,
                f"{info.filename} unpacks to {_mb(info.file_size)} (limit {_mb(MAX_PART_SIZE)})",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise UnsafeFile(
                source,
                f"{info.filename} expands {ratio:.0f}:1 (limit {MAX_RATIO}:1), a zip bomb",
            )
        total += info.file_size
    if total > MAX_UNPACKED_TOTAL:
        raise UnsafeFile(
            source, f"zip archive unpacks to {_mb(total)} (limit {_mb(MAX_UNPACKED_TOTAL)})"
        )


def read_member(archive: zipfile.ZipFile, name: str, source: str) -> bytes:
    """One member's bytes, never more than ``MAX_PART_SIZE`` whatever the header says."""
    try:
        with archive.open(name) as member:
            data = member.read(MAX_PART_SIZE + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise UnreadableFile(source, f"damaged zip archive: {name} cannot be unpacked") from None
    except NotImplementedError:
        raise UnreadableFile(
            source, f"{name} uses a zip compression method that is not supported"
        ) from None
    if len(data) > MAX_PART_SIZE:
        raise UnsafeFile(source, f"{name} unpacks to more than {_mb(MAX_PART_SIZE)}")
    return data


def check_page_count(count: int, *, limit: int, source: str) -> None:
    """Refuse a document of more than ``limit`` pages before its pages are read."""
    if count > limit:
        raise UnsafeFile(source, f"the file has {count} pages (limit {limit})")


def check_render_size(
    size_pt: tuple[float, float], *, dpi: float, source: str, page: int
) -> None:
    """Refuse to render a page whose bitmap at ``dpi`` would pass ``MAX_RENDER_PIXELS``."""
    width_pt, height_pt = size_pt
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels > MAX_RENDER_PIXELS:
        raise UnsafeFile(
            source,
            f"page {page} is {width_pt / 72 * 2.54:.0f} x {height_pt / 72 * 2.54:.0f} cm, "
            "too large to read as a scan",
        )


def is_encrypted_ole2(path: Path) -> bool:
    """Whether an OLE2 compound file holds an encrypted Office document (Office
    wraps a password-protected .docx in OLE2 with these two streams)."""
    return _contains_utf16(path, ("EncryptionInfo", "EncryptedPackage"))


def parse_xml(data: bytes, source: str, part: str) -> ElementTree.Element:
    """Parse one XML part, refusing any DTD so that no entity is declared or expanded."""
    _refuse_doctype(data, source, part)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise UnreadableFile(source, f"damaged XML in {part}: {exc}") from None


def run_with_timeout(fn: Callable[[], T], seconds: float, source: str) -> T:
    """``fn()``, or ExtractionTimeout once it has run ``seconds``.

    In the main thread of a process where no other interval timer is set (the
    CLI), a SIGALRM timer interrupts ``fn`` itself, so a runaway file stops
    using CPU (Python code is interrupted at once, a long C call when it
    returns). Anywhere else (a server's worker thread, under a test runner's own
    alarm), ``fn`` runs in a daemon thread that is abandoned on timeout: the
    caller gets its answer on time, the thread finishes in the background and
    never keeps the process from exiting.
    """
    if _alarm_available():
        return _run_with_alarm(fn, seconds, source)
    return _run_in_thread(fn, seconds, source)


class _Alarm(BaseException):
    """Raised by the SIGALRM handler; a BaseException so no ``except Exception`` in
    the interrupted code can swallow it."""


class _DoctypeFound(Exception):
    pass


class _RootReached(Exception):
    pass


def _refuse_doctype(data: bytes, source: str, part: str) -> None:
    # Expat reads the prolog (in whatever encoding the part declares) and the
    # handlers stop it at the DOCTYPE, or at the root element when there is none.
    scanner = expat.ParserCreate()

    def on_doctype(*_: object) -> None:
        raise _DoctypeFound

    def on_root(*_: object) -> None:
        raise _RootReached

    scanner.StartDoctypeDeclHandler = on_doctype
    scanner.StartElementHandler = on_root
    try:
        scanner.Parse(data, True)
    except _DoctypeFound:
        raise UnsafeFile(
            source, f"{part} declares a DTD or entities, which a Word file never does"
        ) from None
    except _RootReached:
        return
    except expat.ExpatError as exc:
        raise UnreadableFile(source, f"damaged XML in {part}: {exc}") from None


def _refuse_ole2(path: Path, source: str) -> None:
    if is_encrypted_ole2(path):
        raise EncryptedFile(source, "the Word file is encrypted (password-protected)")
    if _contains_utf16(path, ("WordDocument",)):
        raise UnreadableFile(
            source, "a legacy Word .doc file, not .docx: give it the .doc extension"
        )
    raise UnreadableFile(source, "an old-style Office file (OLE2), not a Word .docx file")


def _contains_utf16(path: Path, names: tuple[str, ...]) -> bool:
    """Whether an OLE2 directory names one of these streams (names are UTF-16LE)."""
    needles = [name.encode("utf-16-le") for name in names]
    overlap = max(len(n) for n in needles)
    tail = b""
    scanned = 0
    with path.open("rb") as handle:
        while scanned < MAX_UNPACKED_TOTAL:
            chunk = handle.read(_SCAN_CHUNK)
            if not chunk:
                return False
            window = tail + chunk
            if any(n in window for n in needles):
                return True
            tail = window[-overlap:]
            scanned += len(chunk)
    return False


def _refuse_many_entries(path: Path, source: str) -> None:
    """Read the entry count the archive declares before zipfile builds one object
    per entry: a million-entry directory is refused without being listed."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - _END_OF_DIRECTORY_SPAN))
        tail = handle.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 12:
        return
    declared = int.from_bytes(tail[at + 10 : at + 12], "little")
    # 0xFFFF means the count is in a ZIP64 record; check_members counts those.
    if MAX_ENTRIES < declared < 0xFFFF:
        raise UnsafeFile(source, f"zip archive has {declared} entries (limit {MAX_ENTRIES})")


def _not_a_zip(head: bytes) -> str:
    for magic, name in _MAGIC_NAMES:
        if head.startswith(magic):
            return f"not a Word .docx file (it is {name})"
    if head.startswith(b"PK"):
        return "not a Word .docx file (truncated or damaged zip archive)"
    return "not a Word .docx file (not a zip archive)"


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB"


def _alarm_available() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


def _run_with_alarm(fn: Callable[[], T], seconds: float, source: str) -> T:
    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Alarm:
        raise ExtractionTimeout(source, _too_long(seconds)) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def _run_in_thread(fn: Callable[[], T], seconds: float, source: str) -> T:
    outcome: Future[T] = Future()

    def work() -> None:
        try:
            outcome.set_result(fn())
        except BaseException as exc:  # handed to the caller's thread and raised there
            outcome.set_exception(exc)

    threading.Thread(target=work, name=f"extract {source}", daemon=True).start()
    try:
        return outcome.result(timeout=seconds)
    except TimeoutError:
        if outcome.done():  # fn itself raised TimeoutError
            raise
        raise ExtractionTimeout(source, _too_long(seconds)) from None


def _too_long(seconds: float) -> str:
    return f"reading took longer than the time limit of {seconds:g} s"
