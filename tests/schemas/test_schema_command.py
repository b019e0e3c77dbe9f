"""``kczg schema``: JSON Schema on stdout, one-line errors with exit code 2."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from service.cli.schema import schema


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("schema")(schema)
    # A second command keeps typer from folding the one command into the app itself.
    app.command("noop")(lambda: None)
    return app


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["schema", "新锐企业榜"], "2022年“科创中国”新锐企业榜申报表"),
        (["schema", "rising_company"], "2022年“科创中国”新锐企业榜申报表"),
        (["schema", "rising_company", "--edition", "2023"], "2023年“科创中国”新锐企业榜申报表"),
    ],
)
def test_prints_the_json_schema(app: typer.Typer, args: list[str], title: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    schema_out = json.loads(result.stdout)
    assert schema_out["title"] == title
    assert "研发经费总额" in schema_out["properties"]
    assert "\\u" not in result.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["schema", "青年创业榜"], "青年创业榜"),
        (["schema", "新锐企业榜", "--edition", "2021"], "2021"),
        (["schema", "新锐企业榜", "--edition", "1999"], "1999"),
        (["schema", "创业就业先锋榜", "--edition", "2023"], "创业就业先锋榜"),
    ],
)
def test_unknown_form_or_edition(app: typer.Typer, args: list[str], named: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert named in result.stderr and result.stderr.count("\n") == 1
