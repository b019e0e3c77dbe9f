"""What ``kczg ingest`` reads: the files of a folder, the entries of a zip, or a list of paths.

Zip entries are read, never extracted: nothing is written under a name the archive
chose, and an entry whose name climbs out (``../``), is absolute, is a link, or is
larger or more compressed than a form can be is refused with its reason while the rest
of the archive is read. The sizes an entry declares are checked before reading and
enforced while reading, since a header may lie.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from extractor.sniff import EXTENSIONS
from schemas.errors import ErrorKind, KczgError
from service.errors import NotFound, TooLarge

__all__ = ["FORM_SUFFIXES", "Item", "Opener", "ZipLimits", "items_of"]

#: Files a folder or a list contributes: every format the readers take.
FORM_SUFFIXES = frozenset(EXTENSIONS)
#: The ground truth the sample generator writes beside each form: not a submission.
_TRUTH_SUFFIX = ".truth.json"
_CHUNK = 1024 * 1024
#: Entries up to this size are kept in memory while they are submitted.
_SPOOL = 8 * 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """What one archive may hold before its entries are refused."""

    #: Largest entry, uncompressed (the upload limit).
    entry_bytes: int
    #: Entries read from one archive; the rest are refused.
    entries: int = 20_000
    #: All entries together, uncompressed.
    total_bytes: int = 50 * 1024**3
    #: Uncompressed / compressed size above which an entry counts as a zip bomb.
    ratio: float = 200.0


#: Opens an item's bytes, read from its start; closed on leaving.
Opener = Callable[[], AbstractContextManager[BinaryIO]]


@dataclass(frozen=True)
class Item:
    """One file to ingest: its name in the report, how to open it, or why it is refused.

    ``path`` is the file on disk when there is one (a manifest names files by path).
    ``problem`` set means the item is reported as refused without being read; a file
    type the readers do not take is ``ignored``.
    """

    name: str
    open: Opener | None = None
    path: Path | None = None
    problem: KczgError | None = None
    ignored: bool = False


def _unsafe(message: str) -> KczgError:
    return KczgError(message, kind=ErrorKind.UNSAFE)


def _is_form_name(name: str) -> bool:
    lowered = name.casefold()
    return PurePosixPath(lowered).suffix in FORM_SUFFIXES and not lowered.endswith(_TRUTH_SUFFIX)


def _file_item(path: Path, name: str | None = None) -> Item:
    shown = name or str(path)
    if not path.is_file():
        return Item(shown, path=path, problem=NotFound("文件不存在（no such file）"))
    if not _is_form_name(path.name):
        return Item(shown, path=path, ignored=True)

    @contextmanager
    def opened() -> Iterator[BinaryIO]:
        with path.open("rb") as handle:
            yield handle

    return Item(shown, open=opened, path=path)


def _folder_items(folder: Path) -> Iterator[Item]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        yield _file_item(path, str(path))


def _list_items(listing: Path) -> Iterator[Item]:
    try:
        lines = listing.read_text("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise KczgError(
            "既非文件夹、zip，也非 UTF-8 路径列表（not a folder, a zip or a UTF-8 list of paths）",
            source=str(listing),
            kind=ErrorKind.USAGE,
        ) from None
    except OSError as err:
        raise KczgError(
            f"无法读取（cannot read: {err.strerror}）", source=str(listing), kind=ErrorKind.USAGE
        ) from None
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        path = Path(text).expanduser()
        yield _file_item(path if path.is_absolute() else listing.parent / path, text)


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its maker meant it: UTF-8 when flagged, else GBK or UTF-8."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _unsafe_name(name: str) -> str | None:
    """Why ``name`` may not be used, or None: absolute, a drive, or climbing out."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return "绝对路径（an absolute path）"
    if ".." in PurePosixPath(posix).parts:
        return "路径越出压缩包（a path outside the archive: ..）"
    return None


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> BinaryIO:
    """The entry's bytes in a temporary file, refused as soon as they pass ``limit``."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - handed to the caller
    read = 0
    try:
        with archive.open(info) as entry:
            while chunk := entry.read(_CHUNK):
                read += len(chunk)
                if read > limit or read > info.file_size:
                    raise _unsafe("解压后超过声明或限制的大小（the entry inflates past its size）")
                spool.write(chunk)
    except RuntimeError:
        spool.close()
        raise KczgError("条目已加密（an encrypted entry）", kind=ErrorKind.ENCRYPTED) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
        spool.close()
        raise KczgError(
            f"压缩包条目损坏（a broken entry: {err}）", kind=ErrorKind.UNREADABLE
        ) from None
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool  # type: ignore[return-value]


def _zip_items(path: Path, limits: ZipLimits) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise KczgError(
            f"无法打开压缩包（not a readable zip: {err}）", source=str(path), kind=ErrorKind.USAGE
        ) from None
    total = 0
    count = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = _entry_name(info)
        shown = f"{path}!{name}"
        count += 1
        reason = _unsafe_name(name)
        problem: KczgError | None = None
        if reason is not None:
            problem = _unsafe(reason)
        elif _is_link(info):
            problem = _unsafe("符号链接（a link, not a file）")
        elif count > limits.entries:
            problem = _unsafe(f"条目过多（more than {limits.entries} entries）")
        elif info.file_size > limits.entry_bytes:
            problem = TooLarge(f"文件过大（{info.file_size} bytes; limit {limits.entry_bytes}）")
        elif info.file_size > _CHUNK and info.file_size > limits.ratio * max(info.compress_size, 1):
            problem = _unsafe(
                f"压缩比异常，疑似压缩炸弹（a zip bomb: {info.file_size} bytes from "
                f"{info.compress_size}）"
            )
        elif total + info.file_size > limits.total_bytes:
            problem = _unsafe(f"压缩包解压后过大（more than {limits.total_bytes} bytes in all）")
        if problem is not None:
            yield Item(shown, problem=problem)
            continue
        if not _is_form_name(PurePosixPath(name.replace("\\", "/")).name):
            yield Item(shown, ignored=True)
            continue
        total += info.file_size
        yield Item(shown, open=_entry_opener(archive, info, limits.entry_bytes))


def _entry_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Opener:
    @contextmanager
    def opened() -> Iterator[BinaryIO]:
        handle = _read_entry(archive, info, limit)
        try:
            yield handle
        finally:
            handle.close()

    return opened


def items_of(path: Path, *, limits: ZipLimits) -> list[Item]:
    """The items ``path`` names: a folder's files (recursively, sorted), a zip's entries,
    one form file, or the files a text file lists one per line (``#`` starts a comment,
    relative paths are taken from the list's folder)."""
    if path.is_dir():
        return list(_folder_items(path))
    if not path.is_file():
        raise KczgError(
            "没有此文件或文件夹（no such file or folder）", source=str(path), kind=ErrorKind.USAGE
        )
    if path.suffix.casefold() == ".zip":
        return list(_zip_items(path, limits))
    if _is_form_name(path.name):
        return [_file_item(path)]
    return list(_list_items(path))
