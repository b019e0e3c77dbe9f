"""``kczg ingest``: every file stored once, read by the queue, reported, resumable."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from service.cli import app
from service.db import JobRow, SubmissionRow, session_scope
from tests.conftest import CHECKED_IN, KCZG

FORMS = sorted(CHECKED_IN.glob("*.docx"))
#: Where only the sources or the command are at stake (zip entries, manifests, usage, a
#: stall), not how rows are stored.
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def ingest_env(
    service_settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> dict[str, str]:
    """The environment of ``kczg ingest`` on the test database, one local worker."""
    env = {
        "DATABASE_URL": service_settings.url(),
        "KCZG_DATA_DIR": str(tmp_path / "data"),
        "KCZG_WORKERS": "1",
        "KCZG_LEASE_SECONDS": "5",
        "KCZG_QUEUE": "local",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    for path in FORMS[:count]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _ingest(*args: str) -> Any:
    from service.db import dispose_engines

    try:
        return CliRunner().invoke(app, ["ingest", *args])
    finally:
        dispose_engines()


def _report(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _hears_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _counts(services: Any) -> tuple[int, dict[str, int]]:
    with session_scope(services.engine) as session:
        stored = session.scalar(select(func.count()).select_from(SubmissionRow)) or 0
        states = session.execute(select(JobRow.state, func.count()).group_by(JobRow.state)).all()
    return stored, {state: count for state, count in states}


def test_a_folder_is_stored_read_and_reported_file_by_file(
    ingest_env: dict[str, str], services: Any, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, 3)
    (folder / "copy.docx").write_bytes(FORMS[0].read_bytes())
    (folder / "notes.txt").write_text("not a form")
    (folder / "empty.docx").write_bytes(b"")
    report = tmp_path / "report.csv"
    result = _ingest(str(folder), "--report", str(report), "--unit", "中国科协", "--edition", "2022")
    assert result.exit_code == 0, result.output
    rows = {Path(row["file"]).name: row for row in _report(report)}
    assert {name: row["outcome"] for name, row in rows.items()} == {
        FORMS[0].name: "stored",
        FORMS[1].name: "stored",
        FORMS[2].name: "stored",
        "copy.docx": "duplicate",
        "notes.txt": "ignored",
        "empty.docx": "refused",
    }
    assert rows["empty.docx"]["error_code"] == "unsupported_type"
    assert rows["copy.docx"]["submission"] == rows[FORMS[0].name]["submission"]
    assert {rows[p.name]["state"] for p in FORMS[:3]} == {"succeeded"}
    assert rows[FORMS[1].name]["form"] == "新锐企业榜" and rows[FORMS[1].name]["verdict"]
    assert "3 succeeded" in result.output and "1 duplicate" in result.output
    assert _counts(services) == (3, {"succeeded": 3})
    with session_scope(services.engine) as session:
        assert set(session.scalars(select(SubmissionRow.unit))) == {"中国科协"}


@SQLITE
def test_a_zip_is_ingested_and_its_unsafe_entries_are_reported_refused(
    ingest_env: dict[str, str], services: Any, tmp_path: Path
) -> None:
    archive = tmp_path / "forms.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("2022/a.docx", FORMS[0].read_bytes())
        out.writestr("../escape.docx", FORMS[1].read_bytes())
        out.writestr("bomb.docx", b"\0" * (30 * 1024 * 1024))
    report = tmp_path / "report.csv"
    result = _ingest(str(archive), "--report", str(report))
    assert result.exit_code == 0, result.output
    rows = {row["file"].rsplit("!", 1)[1]: row for row in _report(report)}
    assert {name: (row["outcome"], row["error_code"]) for name, row in rows.items()} == {
        "2022/a.docx": ("stored", ""),
        "../escape.docx": ("refused", "unsafe"),
        "bomb.docx": ("refused", "unsafe"),
    }
    assert _counts(services) == (1, {"succeeded": 1})
    assert not (tmp_path / "escape.docx").exists()


@SQLITE
def test_a_manifest_gives_each_file_its_units_and_channels(
    ingest_env: dict[str, str], services: Any, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, 2)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"file,units,channels\nforms/{FORMS[0].name},甲学会；乙学会,学会推荐\n"
        f"forms/{FORMS[1].name},丙大学,\n",
        "utf-8",
    )
    result = _ingest(str(folder), "--manifest", str(manifest), "--channel", "默认渠道")
    assert result.exit_code == 0, result.output
    with session_scope(services.engine) as session:
        stored = session.execute(
            select(SubmissionRow.filename, SubmissionRow.unit, SubmissionRow.channel)
        ).all()
    assert sorted(stored) == sorted(
        [
            (FORMS[0].name, "甲学会", "学会推荐"),
            (FORMS[0].name, "乙学会", "学会推荐"),
            (FORMS[1].name, "丙大学", "默认渠道"),
        ]
    )


@SQLITE
def test_a_bad_path_or_manifest_fails_with_a_usage_error(
    ingest_env: dict[str, str], tmp_path: Path
) -> None:
    missing = _ingest(str(tmp_path / "nowhere"))
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.output
    bad = tmp_path / "manifest.csv"
    bad.write_text("name,unit\nx,y\n", "utf-8")
    wrong = _ingest(str(_folder(tmp_path, 1)), "--manifest", str(bad))
    assert wrong.exit_code == 2
    assert "清单须有 file、units（及 channels）列" in wrong.output


def test_ingest_stopped_by_ctrl_c_resumes_without_redoing_finished_files(
    ingest_env: dict[str, str], services: Any, tmp_path: Path
) -> None:
    # All the checked-in forms, and Ctrl-C as soon as one is done: on a fast machine six
    # were all read (30 files/s) before a signal sent once two were done.
    count = len(FORMS)
    folder = _folder(tmp_path, count)
    env = {**os.environ, **ingest_env}
    first_report = tmp_path / "first.csv"
    first = subprocess.Popen(
        [str(KCZG), "ingest", str(folder), "--report", str(first_report)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # As from a terminal: a test run started in the background ignores Ctrl-C, and a
        # child would inherit that (Python then sets no KeyboardInterrupt handler).
        preexec_fn=_hears_ctrl_c,
    )
    try:
        deadline = time.monotonic() + 120
        while _counts(services)[1].get("succeeded", 0) < 1:
            assert first.poll() is None and time.monotonic() < deadline, "nothing finished"
            time.sleep(0.01)
        first.send_signal(signal.SIGINT)
        output, _ = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 130, output.decode()
    assert "run it again to resume" in output.decode()
    done_first = {r["file"] for r in _report(first_report) if r["state"] == "succeeded"}
    stored_first, states_first = _counts(services)
    assert states_first.get("succeeded", 0) >= 1 and "running" not in states_first
    second_report = tmp_path / "second.csv"
    result = _ingest(str(folder), "--report", str(second_report))
    assert result.exit_code == 0, result.output
    rows = _report(second_report)
    assert {r["state"] for r in rows} == {"succeeded"}
    assert {r["file"] for r in rows if r["outcome"] == "duplicate"} >= done_first
    assert [r["outcome"] for r in rows].count("stored") == count - stored_first
    # Every file stored once, read by exactly one job: nothing read twice, nothing lost.
    assert _counts(services) == (count, {"succeeded": count})


@SQLITE
def test_ingest_with_no_worker_to_run_its_jobs_gives_up_with_a_reason(
    ingest_env: dict[str, str], celery_settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KCZG_QUEUE", "celery")
    monkeypatch.setenv("REDIS_URL", celery_settings.redis_url)
    result = _ingest(str(_folder(tmp_path, 1)), "--stall-timeout", "2")
    assert result.exit_code == 7, result.output
    assert "are workers running?" in result.output
