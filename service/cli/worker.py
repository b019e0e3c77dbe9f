"""``kczg worker``: a worker process pool that runs jobs (Celery, or the local pool)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["worker"]


def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Worker processes (default KCZG_WORKERS).", min=1)
    ] = None,
) -> None:
    """Run jobs: with KCZG_QUEUE=celery a Celery worker on REDIS_URL, else a local pool."""
    from schemas.errors import KczgError
    from service.cli.exit_codes import fail_with
    from service.config import QueueKind, load_settings
    from service.usecases.context import open_services

    config = load_settings()
    try:
        services = open_services(config, upgrade=True)
    except KczgError as err:
        fail_with("worker", err)
    processes = concurrency or config.workers
    if config.queue is QueueKind.CELERY:
        import os

        from service.jobs.runner import warm_up
        from service.workers.celery_app import QUEUE, make_celery, quiet_per_job_lines
        from service.workers.dispatch import CeleryDispatcher
        from service.workers.tasks import register

        celery = make_celery(config)
        register(celery)
        warm_up()
        quiet_per_job_lines()
        reaper = CeleryDispatcher(services).start()
        try:
            # Jobs are rows: the worker needs no gossip, mingle or events between workers,
            # and each worker gets a name of its own, so several share one host.
            celery.worker_main(
                [
                    "worker",
                    "--loglevel=INFO",
                    f"--concurrency={processes}",
                    "-Q",
                    QUEUE,
                    "-n",
                    f"kczg-{os.getpid()}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ]
            )
        finally:
            reaper.stop()
        return
    import time

    from service.jobs.local import LocalPool

    with LocalPool(config, workers=processes):
        typer.echo(f"kczg worker: {processes} local worker processes; Ctrl-C stops", err=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            typer.echo("kczg worker: stopping after the current jobs", err=True)
