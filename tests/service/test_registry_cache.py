"""The registry a worker keeps in memory: a change to it is seen by the next job."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from service.auth import LOCAL_ADMIN
from service.db import RegistryEntryRow, SubmissionRow, make_engine, session_scope
from service.registry_store import import_registry
from service.usecases.submissions import Declared, submit
from tests.conftest import CHECKED_IN

#: A 2022 新锐企业榜 form: its check looks the company up in the 2021 list.
FORM = CHECKED_IN / "001-2022-rising_company-faithful.docx"


def _job(services: Any, run_jobs: Callable[[], int], unit: str) -> SubmissionRow:
    """The form submitted for ``unit`` (a new submission each time) and its job run."""
    with FORM.open("rb") as handle:
        answer = submit(
            services, LOCAL_ADMIN, handle=handle, filename=FORM.name, declared=Declared(unit=unit)
        )
    assert run_jobs() == 1
    with session_scope(services.engine) as session:
        row = session.get(SubmissionRow, answer.submission.id)
        assert row is not None
        return row


def _listed(row: SubmissionRow) -> dict[str, Any]:
    assert row.evaluation is not None
    (check,) = [c for c in row.evaluation["checks"] if c["id"] == "not_listed_before"]
    return dict(check)


def _import(database_url: str, tmp_path: Path, name: str) -> None:
    """An import by another process: an engine of its own, as ``kczg registry import``."""
    path = tmp_path / "registry.csv"
    path.write_text(f"list,edition,name,unit\n新锐企业榜,2021,{name},\n", "utf-8")
    engine = make_engine(database_url, upgrade=False)
    try:
        assert import_registry(engine, path).added == 1
    finally:
        engine.dispose()


def test_an_import_is_seen_by_the_next_job_of_a_warm_worker(
    services: Any, run_jobs: Callable[[], int], database_url: str, tmp_path: Path
) -> None:
    before = _job(services, run_jobs, "中国电子学会")
    # The worker has now read the (empty) registry and keeps it.
    assert _listed(before)["result"] == "unknown"
    assert before.applicant
    _import(database_url, tmp_path, before.applicant)
    after = _listed(_job(services, run_jobs, "中国化学会"))
    assert after["result"] == "fail"
    assert after["observed"]["matches"][0]["name"] == before.applicant


def test_entries_removed_by_hand_in_sql_are_seen_by_the_next_job(
    services: Any, run_jobs: Callable[[], int], database_url: str, tmp_path: Path
) -> None:
    first = _job(services, run_jobs, "中国电子学会")
    assert first.applicant
    _import(database_url, tmp_path, first.applicant)
    assert _listed(_job(services, run_jobs, "中国化学会"))["result"] == "fail"
    # Not through the import code: the database's own triggers tell workers of it.
    engine = make_engine(database_url, upgrade=False)
    try:
        with engine.begin() as connection:
            connection.execute(delete(RegistryEntryRow))
    finally:
        engine.dispose()
    assert _listed(_job(services, run_jobs, "中国力学学会"))["result"] == "unknown"
