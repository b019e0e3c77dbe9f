"""``kczg check``: eligibility of filled forms (or flat JSON records), one by one and as a batch.

The work is ``service.usecases.checking``'s; this module reads the options and prints.
Exit codes are the one table's (``service.cli.exit_codes``): 0 when every file was
checked (whatever the verdicts); with several files, the first failing file's code,
after all were reported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from eligibility.batch import BatchReport
    from eligibility.evaluate import Evaluation
    from eligibility.pilot_cities import PilotCities
    from schemas.record import FormRecord
    from service.usecases.checking import Outcomes

__all__ = ["check"]

_STYLE = {
    "pass": "green",
    "fail": "red",
    "unknown": "yellow",
    "needs_review": "cyan",
    "eligible": "green",
    "ineligible": "red",
}


def _styled(key: str) -> str:
    """A verdict or result in Chinese, its stable English key beside it."""
    from eligibility.words import RESULT_NAMES, VERDICT_NAMES

    words = {k.value: v for k, v in (*RESULT_NAMES.items(), *VERDICT_NAMES.items())}
    return f"[{_STYLE.get(key, 'white')}]{words.get(key, key)}（{key}）[/]"


def _error_json(error: Any) -> dict[str, Any]:
    from service.cli.exit_codes import EXIT_CODES

    return {
        "source": error.source,
        "error": str(error),
        "code": error.kind.value,
        "exit_code": EXIT_CODES[error.kind],
    }


def _print_json(outcomes: Outcomes, report: BatchReport | None, single: bool) -> None:
    payload: dict[str, Any]
    if single and outcomes.evaluations:
        payload = outcomes.evaluations[0].as_json()
    else:
        payload = {
            "results": [e.as_json() for e in outcomes.evaluations],
            "errors": [_error_json(e) for e in outcomes.errors],
        }
        if report is not None:
            payload["batch"] = report.as_json()
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _print_checks(console: Console, evaluation: Evaluation) -> None:
    from rich.table import Table

    table = Table(title=f"{evaluation.edition} {evaluation.form} — {evaluation.source}")
    for column in ("条件", "结果", "表中所填", "要求", "说明"):
        table.add_column(column)
    for check in evaluation.checks:
        observed = json.dumps(check.observed, ensure_ascii=False) if check.observed else ""
        table.add_row(
            f"{check.name}（{check.id}）",
            _styled(check.result.value),
            observed[:80],
            check.expected,
            check.message,
        )
    console.print(table)
    console.print(f"结论：{_styled(evaluation.verdict.value)}")


def _flag_counts(record: FormRecord) -> str:
    """Missing or inconsistent values the reader found: what `kczg extract` would show."""
    errors = sum(1 for flag in record.flags if flag.severity == "error")
    warnings = len(record.flags) - errors
    parts = [
        f"[red]{errors} 个错误[/]" if errors else "",
        f"{warnings} 个提示" if warnings else "",
    ]
    return "，".join(p for p in parts if p)


def _print_summary(console: Console, outcomes: Outcomes) -> None:
    from rich.table import Table

    table = Table(title="资格审查")
    for column in ("文件", "榜单", "结论", "不通过", "无法判断", "填报问题"):
        table.add_column(column)
    for evaluation, record in zip(outcomes.evaluations, outcomes.records, strict=True):
        unknown = [c.id for c in evaluation.checks if c.result.value == "unknown"]
        table.add_row(
            evaluation.source,
            f"{evaluation.edition} {evaluation.form}",
            _styled(evaluation.verdict.value),
            ", ".join(evaluation.failed()),
            ", ".join(unknown),
            _flag_counts(record),
        )
    console.print(table)


def _print_batch(console: Console, report: BatchReport) -> None:
    for quota in report.quotas:
        domain = f" {quota.domain}" if quota.domain else ""
        console.print(
            f"[red]超出推荐名额（quota）[/] {quota.unit}：{quota.edition} {quota.list}{domain}"
            f" 推荐 {len(quota.submissions)} 项，至多 {quota.allowed} 项；"
            f"超出：{', '.join(quota.exceeding)}"
        )
    for duplicate in report.duplicates:
        console.print(
            f"[red]重复申报（duplicate）[/] {duplicate.applicant}"
            f"（{duplicate.edition} {duplicate.list}）：{', '.join(duplicate.submissions)}"
        )
    if report.unassigned:
        console.print(f"[yellow]未注明推荐单位（不计入名额）[/]：{', '.join(report.unassigned)}")
    if not (report.quotas or report.duplicates):
        console.print("批量审查：未超出名额，无重复申报（no quota exceeded, no duplicate）")


def _print_text(outcomes: Outcomes, report: BatchReport | None, single: bool) -> None:
    from rich.console import Console

    console = Console()
    if single and outcomes.evaluations:
        _print_checks(console, outcomes.evaluations[0])
    elif outcomes.evaluations:
        _print_summary(console, outcomes)
    if report is not None:
        _print_batch(console, report)


def _pilot_cities(path: Path | None) -> PilotCities | None:
    if path is None:
        return None
    from eligibility.pilot_cities import PilotCities

    return PilotCities.load(path)


def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Forms (.docx, .pdf, ...), flat JSON records, or a directory."),
    ],
    batch: Annotated[
        bool, typer.Option("--batch", help="Also run quotas and duplicates over all files.")
    ] = False,
    manifest: Annotated[
        Path | None,
        typer.Option(help="CSV naming each file's recommending units and channels."),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print every verdict (and batch findings) as JSON.")
    ] = False,
    edition: Annotated[
        int | None, typer.Option(help="The edition (year) to check against.")
    ] = None,
    pilot_cities: Annotated[
        Path | None,
        typer.Option(
            "--pilot-cities",
            envvar="KCZG_PILOT_CITIES",
            help="CSV of the pilot cities (园区); without it pilot_city is unknown.",
        ),
    ] = None,
) -> None:
    """Check filled forms against the conditions of their list and edition."""
    from sqlalchemy.exc import SQLAlchemyError

    from eligibility.batch import run_batch
    from schemas.errors import KczgError
    from service.cli.exit_codes import EXIT_CODES, fail, fail_with
    from service.db import get_engine, migrate
    from service.registry_store import CachedRegistry
    from service.usecases import checking
    from service.usecases.manifest import read_manifest

    if manifest is not None and not batch:
        fail("check", "--manifest needs --batch")
    try:
        files = checking.expand(paths)
        if not files:
            fail("check", "没有可审查的表格文件（no form files to check）")
        assignments = read_manifest(manifest) if manifest is not None else {}
        cities = _pilot_cities(pilot_cities)
        engine = get_engine()
        migrate(engine)
        outcomes = checking.check_files(
            files,
            edition=edition,
            manifest=assignments,
            registry=CachedRegistry(engine).current(),
            pilot_cities=cities,
        )
    except KczgError as err:
        fail_with("check", err)
    except SQLAlchemyError as err:
        fail("check", f"数据库错误（database error: {type(err).__name__}）", code=9)
    report = run_batch(outcomes.submissions) if batch else None
    single = len(files) == 1 and not batch
    for error in outcomes.errors:
        typer.echo(f"kczg check: {error}", err=True)
    if json_out:
        _print_json(outcomes, report, single)
    else:
        _print_text(outcomes, report, single)
    if outcomes.errors:
        raise typer.Exit(EXIT_CODES[outcomes.errors[0].kind])
