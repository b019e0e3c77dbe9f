"""Bulk ingest: every file of a folder, a zip or a list through ``submit`` and the queue.

Each file goes through the same use case as an upload (``submissions.submit``), so it
is stored, deduplicated (same bytes and unit: one submission) and queued exactly as
the HTTP service would; then its job is followed in the job table until it finished.
A file stored by an earlier, interrupted run is a duplicate: it is not stored or read
again, and only its unfinished job, if any, is waited for. That makes a stopped
ingest resumable by running it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import select

from schemas.errors import ErrorKind, KczgError
from service.auth import LOCAL_ADMIN
from service.db import JobRow, JobState, SubmissionRow, session_scope
from service.errors import QueueFull
from service.usecases.context import Services
from service.usecases.ingest_sources import Item, Opener
from service.usecases.manifest import Assignment, assignment_for
from service.usecases.submissions import Declared, submit

__all__ = [
    "REPORT_COLUMNS",
    "Outcome",
    "Stalled",
    "Task",
    "ingest",
    "plan",
]

#: The jobs asked about at each look: the oldest followed. Workers take jobs oldest
#: first, so these are the ones finishing; asking about every job followed (thousands,
#: in a big ingest) cost the ingest and the database more than the answer was worth.
_WINDOW = 200
#: Jobs of quick files (a .docx reads in tens of milliseconds) handed to the workers
#: together, one message for a batch: a message each cost the broker, a Celery worker's
#: main process and the ingest about a tenth of such a job. Slow files (scans, files
#: converted first) go one by one, so that workers share them evenly.
BATCH = 8
BATCHED_KINDS = frozenset({"docx"})
#: Seconds a job waits in an unfilled batch before the batch is sent as it is.
BATCH_WAIT = 0.2

REPORT_COLUMNS = (
    "file",
    "unit",
    "outcome",
    "state",
    "submission",
    "job",
    "form",
    "edition",
    "verdict",
    "error_code",
    "message",
)


class Stalled(KczgError):
    """No job finished for too long: no worker is running, or all are stuck."""

    kind = ErrorKind.TIMEOUT


@dataclass(frozen=True)
class Task:
    """One submission to make: an item and what is declared of it."""

    item: Item
    declared: Declared


def plan(
    items: Iterable[Item], *, declared: Declared, manifest: dict[Path, Assignment] | None = None
) -> list[Task]:
    """The submissions to make: one per item and recommending unit.

    The manifest's units and channels win over ``declared``'s; a file recommended by
    several units is one submission for each (the same bytes from two units are two
    submissions), each with the channels listed.
    """
    tasks: list[Task] = []
    for item in items:
        given = assignment_for(manifest or {}, path=item.path, name=item.name)
        channel = "；".join(given.channels) or declared.channel
        units: tuple[str | None, ...] = given.units or (declared.unit,)
        for unit in units:
            tasks.append(
                Task(
                    item,
                    Declared(
                        form=declared.form, edition=declared.edition, unit=unit, channel=channel
                    ),
                )
            )
    return tasks


@dataclass
class Outcome:
    """What became of one task, as the report shows it.

    ``outcome`` is ``stored`` (new), ``duplicate`` (stored already, not read again),
    ``refused`` (not stored: the reason is in ``error_code`` and ``message``) or
    ``ignored`` (not a form file type); ``state`` is the job's final state.
    """

    file: str
    unit: str = ""
    outcome: str = "refused"
    state: str = ""
    submission: str = ""
    job: str = ""
    form: str = ""
    edition: str = ""
    verdict: str = ""
    error_code: str = ""
    message: str = ""

    def row(self) -> list[str]:
        return [getattr(self, name) for name in REPORT_COLUMNS]


@dataclass
class _Following:
    """Jobs submitted and not finished yet, by job id (a file and its copies share one)."""

    pending: dict[str, list[Outcome]] = field(default_factory=dict)
    last_progress: float = field(default_factory=time.monotonic)


@dataclass
class _Batch:
    """Quick jobs held until a batch is full or its oldest has waited ``BATCH_WAIT``."""

    services: Services
    held: list[str] = field(default_factory=list)
    since: float = 0.0

    def hand_over(self, job_id: str, *, kind: str) -> None:
        """Tells the workers of a new job now, or with its batch."""
        if kind not in BATCHED_KINDS:
            self.services.dispatcher.dispatch(job_id)
            return
        if not self.held:
            self.since = time.monotonic()
        self.held.append(job_id)
        if len(self.held) >= BATCH:
            self.send()
        else:
            self.send_if_due()

    def send_if_due(self) -> None:
        """Sends the batch if its oldest job has waited long enough."""
        if self.held and time.monotonic() - self.since >= BATCH_WAIT:
            self.send()

    def send(self) -> None:
        """Sends what is held, full or not."""
        if self.held:
            self.services.dispatcher.dispatch_many(self.held)
            self.held = []


def _refused(task: Task, err: KczgError) -> Outcome:
    return Outcome(
        task.item.name,
        task.declared.unit or "",
        "refused",
        error_code=err.kind.value,
        message=err.message,
    )


_FINISHED = [state.value for state in JobState if state.finished]


def _poll(services: Services, following: _Following) -> list[Outcome]:
    """The oldest followed jobs that finished since the last look (only those rows are
    read); a job finished out of turn is heard of once the ones before it are."""
    done: list[Outcome] = []
    window = list(islice(following.pending, _WINDOW))
    with session_scope(services.engine) as session:
        rows = session.execute(
            select(
                JobRow.id,
                JobRow.state,
                JobRow.error_code,
                JobRow.error_message,
                SubmissionRow.form,
                SubmissionRow.edition,
                SubmissionRow.verdict,
            )
            .join(SubmissionRow, SubmissionRow.id == JobRow.submission_id, isouter=True)
            .where(JobRow.id.in_(window), JobRow.state.in_(_FINISHED))
        ).all()
    for job_id, state, error_code, error_message, form, edition, verdict in rows:
        for outcome in following.pending.pop(job_id):
            outcome.state = state
            outcome.form = form or ""
            outcome.edition = str(edition or "")
            outcome.verdict = verdict or ""
            outcome.error_code = error_code or ""
            outcome.message = error_message or ""
            done.append(outcome)
    if done:
        following.last_progress = time.monotonic()
    return done


def _submit(
    services: Services, task: Task, opener: Opener, wait: Callable[[], None], batch: _Batch
) -> Outcome:
    while True:
        try:
            with opener() as handle:
                answer = submit(
                    services,
                    LOCAL_ADMIN,
                    handle=handle,
                    filename=task.item.name,
                    declared=task.declared,
                    dispatch=False,
                )
        except QueueFull:
            wait()
            continue
        except KczgError as err:
            return _refused(task, err)
        if answer.job is not None and not answer.duplicate:
            batch.hand_over(answer.job.id, kind=answer.submission.file_kind)
        return Outcome(
            task.item.name,
            task.declared.unit or "",
            "duplicate" if answer.duplicate else "stored",
            state=answer.job.state if answer.job else answer.submission.state,
            submission=answer.submission.id,
            job=answer.job.id if answer.job else "",
        )


def ingest(
    services: Services,
    tasks: Iterable[Task],
    *,
    on_outcome: Callable[[Outcome], None],
    stall_after: float,
    poll_every: float = 0.5,
) -> list[Outcome]:
    """Submits each task on ``services`` (whose dispatcher runs the jobs) and waits until
    every job finished; ``on_outcome`` hears of each task as it ends.

    Raises ``Stalled`` when no job finished for ``stall_after`` seconds while some were
    waiting; what finished until then was reported, and running ingest again resumes.
    """
    following = _Following()
    batch = _Batch(services)
    outcomes: list[Outcome] = []
    last_poll = 0.0

    def hear(outcome: Outcome) -> None:
        outcomes.append(outcome)
        on_outcome(outcome)

    def look() -> None:
        nonlocal last_poll
        last_poll = time.monotonic()
        batch.send_if_due()
        for outcome in _poll(services, following):
            hear(outcome)
        idle = time.monotonic() - following.last_progress
        if following.pending and idle > stall_after:
            raise Stalled(
                f"{idle:.0f} 秒内没有任务完成，{len(following.pending)} 个任务仍在等待"
                f"（no job finished in {idle:.0f} s; are workers running?）"
            )

    def wait() -> None:
        batch.send()
        time.sleep(poll_every)
        look()

    try:
        for task in tasks:
            if task.item.ignored:
                hear(Outcome(task.item.name, task.declared.unit or "", "ignored"))
                continue
            if task.item.problem is not None or task.item.open is None:
                hear(_refused(task, task.item.problem or KczgError("无法读取（cannot be read）")))
                continue
            outcome = _submit(services, task, task.item.open, wait, batch)
            following.last_progress = time.monotonic()
            if outcome.job:
                # Finished or not, its state and verdict are read with the next look.
                following.pending.setdefault(outcome.job, []).append(outcome)
                if outcome.outcome == "duplicate" and not JobState(outcome.state).finished:
                    # Left by an interrupted run: the workers are told of it again.
                    services.dispatcher.dispatch(outcome.job)
            else:
                hear(outcome)
            if time.monotonic() - last_poll > poll_every:
                look()
        while following.pending:
            wait()
    finally:
        # Jobs held when the run stops (Ctrl-C, an error) are not left unannounced.
        batch.send()
    return outcomes
