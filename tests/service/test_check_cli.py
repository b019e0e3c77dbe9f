"""``kczg check`` and ``kczg registry import`` as a user runs them (JSON records as input)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from service.cli import registry
from service.cli.check import check

runner = CliRunner()


@pytest.fixture
def cli(kczg_database: str) -> typer.Typer:
    """The two commands under test, on a fresh database (SQLite and PostgreSQL)."""
    app = typer.Typer()
    app.command("check")(check)
    app.add_typer(registry.app, name="registry")
    return app


def _record(path: Path, form: str, values: dict[str, Any], edition: int = 2022) -> Path:
    payload = {"form": form, "edition": edition, "values": values, "flags": []}
    path.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    return path


def _rising(tmp_path: Path, name: str = "深圳市海川微电子有限公司", **extra: Any) -> Path:
    values = {
        "申报企业名称": name,
        "所在地区": "广东省深圳市",
        "企业工商登记日期": "2016-05-20",
        "从业人数": 120,
        **extra,
    }
    return _record(tmp_path / "rising.json", "新锐企业榜", values)


def _import(cli: typer.Typer, tmp_path: Path, rows: str) -> None:
    path = tmp_path / "registry.csv"
    path.write_text("list,edition,name,unit\n" + rows, "utf-8")
    result = runner.invoke(cli, ["registry", "import", str(path)])
    assert result.exit_code == 0, result.output


def test_check_one_record_as_json(cli: typer.Typer, tmp_path: Path) -> None:
    _import(cli, tmp_path, "新锐企业榜,2021,北京星河智能科技有限公司,\n")
    result = runner.invoke(cli, ["check", str(_rising(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["verdict"] == "needs_review"
    results = {c["id"]: c["result"] for c in payload["checks"]}
    assert results["age"] == "pass"
    assert results["not_listed_before"] == "pass"
    assert results["pilot_city"] == "unknown"
    age = next(c for c in payload["checks"] if c["id"] == "age")
    assert age["observed"] == {"企业工商登记日期": "2016-05-20"}
    assert "以2022年反推" in age["reference"]


def test_an_entry_of_the_imported_registry_fails_the_record(
    cli: typer.Typer, tmp_path: Path
) -> None:
    _import(cli, tmp_path, "新锐企业榜,2021,深圳市海川微电子股份有限公司,\n")
    result = runner.invoke(cli, ["check", str(_rising(tmp_path)), "--json"])
    payload = json.loads(result.stdout)
    assert payload["verdict"] == "ineligible"
    failed = [c["id"] for c in payload["checks"] if c["result"] == "fail"]
    assert failed == ["not_listed_before"]


def test_an_empty_registry_leaves_not_listed_before_unknown(
    cli: typer.Typer, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["check", str(_rising(tmp_path)), "--json"])
    checks = {c["id"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["not_listed_before"]["result"] == "unknown"
    assert "kczg registry import" in checks["not_listed_before"]["message"]


def test_pilot_city_list_from_an_option(cli: typer.Typer, tmp_path: Path) -> None:
    cities = tmp_path / "cities.csv"
    cities.write_text("name\n深圳市\n", "utf-8")
    args = ["check", str(_rising(tmp_path)), "--json", "--pilot-cities", str(cities)]
    result = runner.invoke(cli, args)
    checks = {c["id"]: c["result"] for c in json.loads(result.stdout)["checks"]}
    assert checks["pilot_city"] == "pass"


def test_table_output_names_the_checks_and_verdict(cli: typer.Typer, tmp_path: Path) -> None:
    path = _rising(tmp_path, 企业工商登记日期="2010-01-01")
    result = runner.invoke(cli, ["check", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "结论：不符合条件（ineligible）" in result.stdout
    assert "registered in 2010, before 2012" in result.stdout


def test_a_record_of_another_edition_than_asked_is_an_error(
    cli: typer.Typer, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["check", str(_rising(tmp_path)), "--edition", "2023"])
    assert result.exit_code == 2
    assert "记录为 2022 年度，而指定的是 2023 年度" in result.stderr


def test_a_form_the_edition_lacks_is_refused(cli: typer.Typer, tmp_path: Path) -> None:
    path = _record(tmp_path / "org.json", "融通创新组织榜", {"组织机构名称": "某研究院"}, 2023)
    path.write_text(path.read_text("utf-8").replace("融通创新组织榜", "创业就业先锋榜"), "utf-8")
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "创业就业先锋榜" in result.stderr


def test_broken_json_is_one_line_and_exit_3(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", "utf-8")
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"kczg check: {path}: 不是 JSON 记录（not a JSON record")
    assert result.stderr.count("\n") == 1


def test_a_missing_file_is_a_usage_error(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["check", str(tmp_path / "none.docx")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


def test_manifest_needs_batch(cli: typer.Typer, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,units\n", "utf-8")
    result = runner.invoke(cli, ["check", str(_rising(tmp_path)), "--manifest", str(manifest)])
    assert result.exit_code == 2
    assert "--manifest needs --batch" in result.stderr


def _org_batch(tmp_path: Path) -> tuple[Path, Path]:
    forms = tmp_path / "forms"
    forms.mkdir()
    names = ["甲研究院", "乙研究院", "丙研究院", "甲研究院有限公司"]
    for number, name in enumerate(names, start=1):
        values = {"组织机构名称": name, "成立时间": "2018-01-01", "机构类别": "产业技术研究院"}
        _record(forms / f"{number}.json", "融通创新组织榜", values)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,units,channels\n"
        "forms/1.json,某学会,全国学会\n"
        "forms/2.json,某学会,全国学会\n"
        "forms/3.json,某学会,全国学会\n"
        "forms/4.json,某市科协,试点城市\n",
        "utf-8",
    )
    return forms, manifest


def test_batch_reports_quota_and_duplicates(cli: typer.Typer, tmp_path: Path) -> None:
    forms, manifest = _org_batch(tmp_path)
    args = ["check", str(forms), "--batch", "--manifest", str(manifest), "--json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [Path(r["source"]).name for r in payload["results"]] == [
        "1.json",
        "2.json",
        "3.json",
        "4.json",
    ]
    [quota] = payload["batch"]["quotas"]
    assert (quota["unit"], quota["allowed"], quota["count"]) == ("某学会", 2, 3)
    assert [Path(s).name for s in quota["exceeding"]] == ["3.json"]
    [duplicate] = payload["batch"]["duplicates"]
    assert [Path(s).name for s in duplicate["submissions"]] == ["1.json", "4.json"]
    assert duplicate["units"] == ["某学会", "某市科协"]


def test_batch_table_output(cli: typer.Typer, tmp_path: Path) -> None:
    forms, manifest = _org_batch(tmp_path)
    args = ["check", str(forms), "--batch", "--manifest", str(manifest)]
    result = runner.invoke(cli, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "超出推荐名额（quota） 某学会：2022 融通创新组织榜 推荐 3 项，至多 2 项" in result.stdout
    assert "重复申报（duplicate） 甲研究院" in result.stdout


def test_batch_without_manifest_still_finds_duplicates(cli: typer.Typer, tmp_path: Path) -> None:
    forms, _ = _org_batch(tmp_path)
    result = runner.invoke(cli, ["check", str(forms), "--batch", "--json"])
    batch = json.loads(result.stdout)["batch"]
    assert batch["quotas"] == []
    assert len(batch["duplicates"]) == 1
    assert len(batch["unassigned"]) == 4


def test_registry_import_errors(cli: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("list,edition,name\n新锐企业榜,2020,甲\n", "utf-8")
    result = runner.invoke(cli, ["registry", "import", str(bad)])
    assert result.exit_code == 3
    assert "row 2: bad edition '2020'" in result.stderr
    assert "nothing was imported" in result.stderr
    missing = runner.invoke(cli, ["registry", "import", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


def test_registry_import_reports_what_it_added(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    path.write_text("list,edition,name\n新锐企业榜,2021,甲公司\n新锐企业榜,2021,乙公司\n", "utf-8")
    result = runner.invoke(cli, ["registry", "import", str(path)])
    assert result.exit_code == 0
    assert "imported 2 entries (0 already held)" in result.stdout
    assert "2021 新锐企业榜 2" in result.stdout
