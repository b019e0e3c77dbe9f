"""``kczg ingest PATH``: store and read every form of a folder, a zip or a list of paths.

No server is needed: with the default queue the command runs its own worker processes
on the configured storage; with ``KCZG_QUEUE=celery`` it sends the jobs to the Celery
workers and follows them until done. Ctrl-C stops it; running it again resumes, since
what was stored is recognised and not read again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.progress import Task as ProgressTask
    from rich.text import Text

    from service.usecases.context import Dispatcher, Services

__all__ = ["ingest"]


def _rate_column() -> object:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        """Files finished per second."""

        def render(self, task: ProgressTask) -> Text:
            speed = task.finished_speed or task.speed
            return Text("-- files/s" if speed is None else f"{speed:.1f} files/s")

    return Rate()


def ingest(
    path: Annotated[Path, typer.Argument(help="A folder, a .zip, or a text file of paths.")],
    report: Annotated[
        Path | None, typer.Option(help="Write a CSV of every file and its outcome.")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option(help="CSV with columns file, units, channels.")
    ] = None,
    edition: Annotated[int | None, typer.Option(help="The edition (year) of the forms.")] = None,
    form: Annotated[str | None, typer.Option(help="The list the forms are for.")] = None,
    unit: Annotated[str | None, typer.Option(help="The recommending unit.")] = None,
    channel: Annotated[str | None, typer.Option(help="The recommending channel.")] = None,
    stall_timeout: Annotated[
        float | None,
        typer.Option(help="Give up when no job finished for this many seconds.", min=1),
    ] = None,
) -> None:
    """Store, read and check every form under PATH through the service's queue."""
    import csv
    from collections import Counter

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from schemas.errors import KczgError
    from service.cli.exit_codes import EXIT_INTERRUPTED, fail, fail_with
    from service.config import load_settings
    from service.usecases.context import open_services
    from service.usecases.ingest import REPORT_COLUMNS, Outcome, plan
    from service.usecases.ingest import ingest as run_ingest
    from service.usecases.ingest_sources import ZipLimits, items_of
    from service.usecases.manifest import read_manifest
    from service.usecases.submissions import Declared

    config = load_settings()
    declared = Declared(form=form, edition=edition, unit=unit, channel=channel)
    try:
        items = items_of(path, limits=ZipLimits(entry_bytes=config.max_upload_bytes))
        tasks = plan(
            items,
            declared=declared,
            manifest=read_manifest(manifest) if manifest is not None else None,
        )
        services = open_services(config, upgrade=True)
    except KczgError as err:
        fail_with("ingest", err)
    stall = stall_timeout or 2 * config.time_limit + 2 * config.lease_seconds + 30
    console = Console(stderr=True)
    counts: Counter[str] = Counter()
    out = None
    try:
        if report is not None:
            out = report.open("w", encoding="utf-8-sig", newline="")
    except OSError as err:
        fail("ingest", f"{report}: cannot write the report: {err.strerror}", code=3)
    writer = csv.writer(out) if out is not None else None
    if writer is not None:
        writer.writerow(REPORT_COLUMNS)
    queue = _LazyQueue(services)
    progress = Progress(
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        _rate_column(),  # type: ignore[arg-type]
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
    )
    bar = progress.add_task("ingest", total=len(tasks))

    def heard(outcome: Outcome) -> None:
        counts[outcome.outcome if outcome.outcome != "stored" else outcome.state] += 1
        if writer is not None and out is not None:
            writer.writerow(outcome.row())
            out.flush()
        progress.advance(bar)

    interrupted = False
    try:
        with progress:
            run_ingest(services, tasks, on_outcome=heard, stall_after=stall)
    except KeyboardInterrupt:
        interrupted = True
    except KczgError as err:
        queue.stop(quick=True)
        fail_with("ingest", err)
    finally:
        if out is not None:
            out.close()
    queue.stop(quick=interrupted)
    services.engine.dispose()
    done = sum(counts.values())
    summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
    if interrupted:
        typer.echo(
            f"kczg ingest: interrupted after {done} of {len(tasks)} ({summary or 'none'}); "
            "run it again to resume",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    typer.echo(f"kczg ingest: {done} files: {summary or 'none'}", err=True)


class _LazyQueue:
    """The queue that runs the jobs, started at the first job: a run that finds every
    file stored already starts no workers."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._stop: Callable[[bool], None] | None = None
        services.dispatcher = self

    def _queue(self) -> Dispatcher:
        if self._stop is None:
            self._stop = self._start()
        return self.services.dispatcher

    def dispatch(self, job_id: str) -> None:
        self._queue().dispatch(job_id)

    def dispatch_many(self, job_ids: Sequence[str]) -> None:
        self._queue().dispatch_many(job_ids)

    def ready(self) -> None:
        # Asked just before a new file is stored, which its dispatch then follows anyway.
        self._queue().ready()

    def _start(self) -> Callable[[bool], None]:
        from service.config import QueueKind

        if self.services.settings.queue is QueueKind.CELERY:
            from service.workers.dispatch import CeleryDispatcher

            dispatcher = CeleryDispatcher(self.services).start()
            self.services.dispatcher = dispatcher
            return lambda _quick: dispatcher.stop()
        from service.jobs.local import LocalPool

        pool = LocalPool(self.services.settings).start()
        self.services.dispatcher = pool
        return lambda quick: pool.stop(wait=2.0 if quick else None)

    def stop(self, *, quick: bool) -> None:
        """Stops the queue, quickly (after Ctrl-C) or once the jobs are done."""
        if self._stop is not None:
            self._stop(quick)
