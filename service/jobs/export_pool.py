"""Exports run in processes of their own, a few at once.

Writing an XLSX file is CPU-bound Python: in the server's threads it would hold the
GIL and slow every other request for as long as it runs. So a small pool of spawned
processes, each with its own engine on the same settings, writes each export to a file
under the data directory, and the server only streams that file. The file is unlinked
as soon as it is opened for streaming, so nothing is left behind however the download
ends. When every process is busy an export is refused (503 with Retry-After) instead of
waiting in a queue without bound.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from schemas.errors import ErrorKind, KczgError
from service.auth import Principal
from service.config import Settings
from service.errors import ExportsBusy, StorageError
from service.usecases.context import Services, open_services
from service.usecases.exports import ExportFormat, export
from service.usecases.submissions import Filters, Sort

__all__ = ["EXPORT_DIR", "RETRY_AFTER", "STALE_SECONDS", "ExportPool", "ExportRequest", "chunks"]

#: Where exports are written, under the data directory.
EXPORT_DIR = "exports"
#: Seconds a refused export is told to wait before asking again.
RETRY_AFTER = 5
_CHUNK = 64 * 1024
#: An export file older than this belongs to a server that died while writing it (a
#: live one unlinks its files as soon as they are written), and is removed at start.
STALE_SECONDS = 3600.0

#: The child process's own services, opened once by the pool's initializer.
_child_services: Services | None = None


@dataclass(frozen=True)
class ExportRequest:
    """What to export, for whom, and where its links point."""

    principal: Principal
    format: ExportFormat
    filters: Filters
    sort: Sort
    base_url: str


@dataclass(frozen=True)
class _Failure:
    """A ``KczgError`` of the child, as plain data.

    Exceptions cross a process boundary pickled and are rebuilt from their positional
    arguments only, which would lose the kind and field (and fail for keyword-only ones).
    """

    kind: ErrorKind
    message: str
    field: str | None

    def error(self) -> KczgError:
        return KczgError(self.message, field=self.field, kind=self.kind)


def _open_child(config: Settings) -> None:
    global _child_services
    # Ctrl-C reaches the whole process group; the server stops the pool itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _child_services = open_services(config)


def _ready() -> None:
    """Nothing: submitted at start so that the processes are up before the first export."""


def _write(request: ExportRequest, path: str) -> int | _Failure:
    assert _child_services is not None, "the pool's initializer opens the services"
    try:
        return export(
            _child_services,
            request.principal,
            Path(path),
            format=request.format,
            filters=request.filters,
            sort=request.sort,
            base_url=request.base_url,
        )
    except KczgError as err:
        return _Failure(err.kind, err.message, err.field)
    except OSError as err:
        return _Failure(ErrorKind.STORAGE, _cannot_write(err), None)


def _cannot_write(err: OSError) -> str:
    return f"无法写入导出文件（cannot write the export: {err.strerror or err}）"


def chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The content of an export being streamed; the handle is closed at the end."""
    with handle:
        while block := handle.read(_CHUNK):
            yield block


class ExportPool:
    """``KCZG_EXPORT_WORKERS`` spawned processes writing exports, one export each at a time."""

    def __init__(self, config: Settings, *, workers: int | None = None) -> None:
        self.config = config
        self.size = workers or config.export_workers
        self.directory = config.data_dir / EXPORT_DIR
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.size,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_child,
            initargs=(self.config,),
        )

    def start(self) -> ExportPool:
        """Removes files a killed server left, and starts the processes now rather than at
        the first export; returns the pool."""
        self._sweep()
        with self._lock:
            for _ in range(self.size):
                self._executor.submit(_ready)
        return self

    def _sweep(self) -> None:
        # Only old files: another server on the same data directory may be writing one.
        cutoff = time.time() - STALE_SECONDS
        for path in self.directory.glob("export-*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                continue

    def stop(self) -> None:
        """Cancels exports not begun, lets running ones end, and stops the processes."""
        with self._lock:
            self._executor.shutdown(wait=True, cancel_futures=True)

    async def run(self, request: ExportRequest) -> BinaryIO:
        """Writes the export in a child process; returns it open, its file already unlinked.

        Raises ``ExportsBusy`` when every process is busy, ``StorageError`` when the
        file cannot be written, and the child's own error (a bad filter, the database
        down) as the same kind and message.
        """
        if not self._slots.acquire(blocking=False):
            raise ExportsBusy(
                "导出任务已满，请稍后再试（every export slot is busy）", retry_after=RETRY_AFTER
            )
        try:
            path = self._new_file(request.format)
        except OSError as err:
            self._slots.release()
            raise StorageError(_cannot_write(err)) from None
        try:
            executor, future = self._submit(request, path)
        except BaseException:
            self._free(path)
            raise
        try:
            outcome = await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            # The request is gone but the child may still be writing: the file and the
            # slot are freed once it has finished.
            future.add_done_callback(lambda _done: self._free(path))
            raise
        except BrokenProcessPool:
            self._free(path)
            self._renew(executor)
            raise ExportsBusy(
                "导出进程意外退出，请重试（the export process died）", retry_after=RETRY_AFTER
            ) from None
        except BaseException:
            self._free(path)
            raise
        try:
            if isinstance(outcome, _Failure):
                raise outcome.error()
            return path.open("rb")
        finally:
            self._free(path)

    def _new_file(self, format: ExportFormat) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix="export-", suffix=f".{format.value}", dir=self.directory
        )
        os.close(handle)
        return Path(name)

    def _submit(
        self, request: ExportRequest, path: Path
    ) -> tuple[ProcessPoolExecutor, Future[int | _Failure]]:
        with self._lock:
            executor = self._executor
        try:
            return executor, executor.submit(_write, request, str(path))
        except BrokenProcessPool:
            executor = self._renew(executor)
            return executor, executor.submit(_write, request, str(path))

    def _renew(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        """A new executor in place of one whose process died (killed, out of memory),
        unless another export has already replaced it."""
        with self._lock:
            if self._executor is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = self._new_executor()
            return self._executor

    def _free(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self._slots.release()
