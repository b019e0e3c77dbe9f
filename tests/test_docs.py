"""The README says what the code does: commands, exit codes, the --flat shape, dependencies,
the verdicts and every check."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from eligibility.loader import rule_editions, rules_for
from eligibility.models import When
from eligibility.words import KIND_NAMES, RESULT_NAMES, VERDICT_NAMES
from schemas.errors import ErrorKind
from service.api.errors import HTTP_STATUS
from service.cli import app
from service.cli.exit_codes import EXIT_CODES, EXIT_FLAGGED, EXIT_INTERRUPTED

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def _section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n#", start + len(title))
    return README[start : end if end != -1 else None]


def _set_up_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", _section("## Set up"), re.S)


def test_every_command_is_in_the_readme_and_no_other() -> None:
    group = typer.main.get_group(app)
    commands = set()
    for name, command in group.commands.items():
        subs = getattr(command, "commands", None)
        commands.update(f"{name} {sub}" for sub in subs) if subs else commands.add(name)
    documented = set(re.findall(r"^\| `kczg ([a-z]+(?: [a-z]+)?)", _section("## Commands"), re.M))
    assert documented == commands


def test_exit_codes_are_the_documented_ones() -> None:
    table = _section("### Exit codes")
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert documented == set(EXIT_CODES.values()) | {0, EXIT_FLAGGED, EXIT_INTERRUPTED}


def test_every_error_kind_has_an_exit_code_and_an_http_status() -> None:
    assert set(EXIT_CODES) == set(ErrorKind)
    assert set(HTTP_STATUS) == set(ErrorKind)


def test_flat_example_has_the_published_keys() -> None:
    example = re.search(r"```json\n(.*?)```", _section("### The `--flat` output"), re.S)
    assert example is not None
    shape = json.loads(example.group(1).replace("…", ""))
    assert set(shape) == {"form", "edition", "values", "flags", "unread_text"}
    assert set(shape["flags"][0]) == {"field", "code", "severity", "message"}


def test_every_dependency_is_explained() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {re.split(r"[<>=\[ ]", spec)[0].lower() for spec in wanted}
    table = _section("## Dependencies").lower()
    missing = sorted(name for name in names if name.replace("-", "") not in table.replace("-", ""))
    assert missing == []


def test_the_readme_main_job_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.db import dispose_engines

    block = next(b for b in _set_up_blocks() if "kczg check" in b)
    commands = re.findall(r"\.venv/bin/kczg ([^&\n]+)", block)
    assert [c.split()[0] for c in commands] == ["samples", "check"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("KCZG_DATA_DIR", str(tmp_path / "kczg-data"))
    runner = CliRunner()
    try:
        results = [runner.invoke(app, shlex.split(command)) for command in commands]
    finally:
        dispose_engines()
    assert [r.exit_code for r in results] == [0, 0], [r.output for r in results]
    assert "需人工审核" in results[1].stdout
    assert "批量审查" in results[1].stdout
    assert (tmp_path / "kczg-data").is_dir()


def _chapter(title: str) -> str:
    """A ``##`` section with its ``###`` and ``####`` subsections."""
    start = README.index(title)
    end = README.find("\n## ", start + len(title))
    return README[start : end if end != -1 else None]


def _table_rows(text: str) -> list[list[str]]:
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows]


def _list_cell(lists: tuple[str, ...], when: When | None) -> str:
    if when is None:
        return "、".join(lists)
    test = f"= {when.equals}" if when.equals is not None else f"≠ {when.not_equals}"
    return f"{'、'.join(lists)} ({when.field} {test})"


def test_every_check_of_every_edition_is_in_the_readme_and_nothing_stale() -> None:
    chapter = _chapter("## Eligibility: verdicts and checks")
    checks = chapter[chapter.index("### Checks per edition") :]
    parts = re.split(r"^#### (\d{4})\n", checks, flags=re.M)
    documented = {
        int(year): sorted(tuple(row[:4]) for row in _table_rows(body.split("\n### ")[0])[1:])
        for year, body in zip(parts[1::2], parts[2::2], strict=True)
    }
    shipped = {}
    for edition in rule_editions():
        rules = rules_for(edition)
        rows = [
            (f"`{c.id}`", c.name, _list_cell(c.lists, c.when), c.kind.value)
            for c in rules.conditions
        ]
        rows += [(f"`{n.id}`", n.name, _list_cell(n.lists, None), "note") for n in rules.notes]
        shipped[edition] = sorted(rows)
    assert documented == shipped


def test_the_readme_names_verdicts_results_and_kinds_as_the_code_does() -> None:
    chapter = _chapter("## Eligibility: verdicts and checks")
    named = {row[0].strip("`"): row[1] for row in _table_rows(chapter) if row[0].startswith("`")}
    for names in (VERDICT_NAMES, RESULT_NAMES, KIND_NAMES):
        assert {key.value: named.get(key.value) for key in names} == {
            key.value: name for key, name in names.items()
        }


def test_the_first_set_up_command_ingests_the_samples_and_serves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's first command, as on a clean clone: the commands before ``serve`` as
    written, then ``serve`` itself until it answers with the samples stored."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from service.db import dispose_engines

    commands = re.findall(r"\.venv/bin/kczg ([^&\n]+)", _set_up_blocks()[0])
    assert [c.split()[0] for c in commands] == ["ingest", "token", "serve"]
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("KCZG_QUEUE", raising=False)
    monkeypatch.setenv("KCZG_DATA_DIR", str(tmp_path / "kczg-data"))
    runner = CliRunner()
    try:
        results = [runner.invoke(app, shlex.split(command)) for command in commands[:2]]
    finally:
        dispose_engines()
    assert [r.exit_code for r in results] == [0, 0], [r.output for r in results]
    assert "27 succeeded" in results[0].output
    token = results[1].stdout.strip().splitlines()[0]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [str(Path(sys.executable).parent / "kczg"), *shlex.split(commands[2]), "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert serve.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        listed = httpx.get(
            f"{url}/api/v1/submissions", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
    finally:
        serve.terminate()
        _, err = serve.communicate(timeout=60)
    assert listed.status_code == 200 and listed.json()["total"] == 27
    assert f"http://127.0.0.1:{port}/" in err.decode()


def test_every_setting_is_in_the_configuration_table() -> None:
    from service.config import Settings

    def variable(name: str) -> str:
        alias = Settings.model_fields[name].validation_alias
        choices = getattr(alias, "choices", None)
        return str(choices[0]) if choices else f"KCZG_{name.upper()}"

    table = _section("## Configuration")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", table, re.M))
    assert documented == {variable(name) for name in Settings.model_fields}
