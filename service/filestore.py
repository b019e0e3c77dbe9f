"""Originals, kept by their SHA-256: one interface, a local directory or the database.

An original is written (and, on disk, fsynced) before the row that names it commits,
or, in the database, in the same transaction, so a stored submission always has its
file; a file without a row is harmless and is simply reused by the next upload of the
same bytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import BinaryIO, Protocol

from sqlalchemy import Engine, Insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.config import FileStoreKind, Settings
from service.db import Base, BlobRow, session_scope
from service.errors import NotFound, StorageError

__all__ = ["DatabaseStore", "FileStore", "LocalStore", "bytes_copy", "open_store", "sha256_of"]

_CHUNK = 1024 * 1024


def sha256_of(handle: BinaryIO) -> tuple[str, int]:
    """The SHA-256 (hex) and size of what ``handle`` holds, read from its start."""
    handle.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return digest.hexdigest(), size


class FileStore(Protocol):
    """Where originals live; every worker that can reach it can read every original."""

    def put(self, digest: str, handle: BinaryIO) -> None:
        """Stores ``handle``'s bytes under ``digest`` (already computed), durably."""

    def read(self, digest: str) -> bytes:
        """The bytes stored under ``digest``; ``NotFound`` if there are none."""

    def delete(self, digest: str) -> None:
        """Forgets ``digest``'s bytes (nothing happens if there are none)."""

    @contextmanager
    def local_copy(self, digest: str, suffix: str) -> Iterator[Path]:
        """A path on this machine holding the original, for the readers; removed after."""
        yield Path()


class LocalStore:
    """A directory of this machine: ``<root>/ab/abcdef…``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def put(self, digest: str, handle: BinaryIO) -> None:
        target = self._path(digest)
        if target.is_file():
            return
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(descriptor, "wb") as out:
                    handle.seek(0)
                    while chunk := handle.read(_CHUNK):
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            _fsync_dir(target.parent)
        except OSError as err:
            raise StorageError(f"无法保存原件（cannot store the file: {err.strerror}）") from None

    def read(self, digest: str) -> bytes:
        try:
            return self._path(digest).read_bytes()
        except FileNotFoundError:
            raise NotFound("原件不在文件库中（the original is not in the file store）") from None
        except OSError as err:
            raise StorageError(f"无法读取原件（cannot read the file: {err.strerror}）") from None

    def delete(self, digest: str) -> None:
        self._path(digest).unlink(missing_ok=True)

    @contextmanager
    def local_copy(self, digest: str, suffix: str) -> Iterator[Path]:
        source = self._path(digest)
        if not source.is_file():
            raise NotFound("原件不在文件库中（the original is not in the file store）")
        # The readers choose by suffix; a link gives the stored bytes the upload's suffix.
        # A link of an unguessable name in the temporary directory, not a directory of
        # its own: making and removing a directory for each job cost more than the rest
        # of its file handling (the link is made without following anything in its place).
        link = Path(tempfile.gettempdir()) / f"kczg-{uuid.uuid4().hex}{suffix}"
        link.symlink_to(source.resolve())
        try:
            yield link
        finally:
            link.unlink(missing_ok=True)


@cache
def _put_blob(dialect: str) -> Insert:
    """One statement: bytes stored already (the same file again, or a concurrent upload
    of it) are left as they are. Built once per dialect, so that it is compiled once."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    blobs = Base.metadata.tables[BlobRow.__tablename__]
    return insert(blobs).on_conflict_do_nothing(index_elements=[blobs.c.sha256])


class DatabaseStore:
    """The bytes in the database itself, so that workers on other machines reach them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, digest: str, handle: BinaryIO) -> None:
        with session_scope(self.engine) as session:
            self.put_in(session, digest, handle)

    def put_in(self, session: Session, digest: str, handle: BinaryIO) -> None:
        """``put`` in ``session``'s transaction: the bytes commit with the rows that name
        them, which spares an upload a transaction of their own."""
        handle.seek(0)
        data = handle.read()
        session.execute(
            _put_blob(self.engine.dialect.name), {"sha256": digest, "size": len(data), "data": data}
        )

    def read(self, digest: str) -> bytes:
        with session_scope(self.engine) as session:
            data = session.scalar(select(BlobRow.data).where(BlobRow.sha256 == digest))
        if data is None:
            raise NotFound("原件不在文件库中（the original is not in the file store）")
        return bytes(data)

    def delete(self, digest: str) -> None:
        with session_scope(self.engine) as session:
            row = session.get(BlobRow, digest)
            if row is not None:
                session.delete(row)

    @contextmanager
    def local_copy(self, digest: str, suffix: str) -> Iterator[Path]:
        with bytes_copy(self.read(digest), suffix) as path:
            yield path


@contextmanager
def bytes_copy(data: bytes, suffix: str) -> Iterator[Path]:
    """``data`` in a temporary file named with ``suffix`` (the readers choose by it),
    removed when the block ends."""
    with tempfile.NamedTemporaryFile(prefix="kczg-original-", suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        yield Path(handle.name)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def open_store(config: Settings, engine: Engine) -> FileStore:
    """The file store the settings name (the database one when the database is shared)."""
    if config.store_kind() is FileStoreKind.DATABASE:
        return DatabaseStore(engine)
    return LocalStore(config.data_dir / "files")
