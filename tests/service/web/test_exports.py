"""Exports of a filtered queue: XLSX with the audit trail, CSV, and `kczg export`."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from schemas.catalogue import form_spec
from service.cli import app
from tests.conftest import CHECKED_IN, MakeToken, PageClient, Upload, csrf_of

TECH_MANAGER = CHECKED_IN / "004-2022-tech_manager-faithful.docx"
RISING = CHECKED_IN / "001-2022-rising_company-faithful.docx"
RISING_2 = CHECKED_IN / "010-2022-rising_company-value_below.docx"


def _sheet_rows(content: bytes, sheet: str) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


@pytest.fixture
def reviewed(make_token: MakeToken, page_client: PageClient, upload: Upload) -> dict[str, Any]:
    """Three submissions of two lists; one 邮箱 corrected and its status set."""
    token, _ = make_token("reviewer")
    ids = {
        path.name: upload(token, path, unit="某学会") for path in (TECH_MANAGER, RISING, RISING_2)
    }
    client = page_client(token)
    sid = ids[TECH_MANAGER.name]
    csrf = csrf_of(client.get(f"/submissions/{sid}").text)
    client.post(
        f"/submissions/{sid}/corrections",
        data={"csrf": csrf, "field": "邮箱", "value": '=HYPERLINK("x")', "reason": "核对原件"},
    )
    client.post(
        f"/submissions/{sid}/review", data={"csrf": csrf, "status": "reviewed", "comment": "通过"}
    )
    return {"client": client, "ids": ids, "token": token}


def test_xlsx_of_a_list_has_its_catalogue_labels_and_one_row_each(reviewed: dict[str, Any]) -> None:
    client = reviewed["client"]
    answer = client.get("/queue/export", params={"format": "xlsx", "list": "新锐企业榜"})
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    rows = _sheet_rows(answer.content, "申报")
    header, body = rows[0], rows[1:]
    labels = [name for spec in form_spec("新锐企业榜", 2022).fields for name in spec.flat_names()]
    assert header[5 : 5 + len(labels)] == labels
    assert "专利申请量/2021" in header
    assert header[-7:] == [
        "资格结论",
        "问题数",
        "错误数",
        "审核状态",
        "审核意见",
        "已更正字段",
        "链接",
    ]
    assert len(body) == 2
    assert {row[0] for row in body} == {
        reviewed["ids"][RISING.name],
        reviewed["ids"][RISING_2.name],
    }
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    first = by_id[reviewed["ids"][RISING.name]]
    assert first["申报企业名称"] == "深圳启明能源科技有限公司"
    assert first["链接"] == f"http://testserver/submissions/{reviewed['ids'][RISING.name]}"
    assert isinstance(first["从业人数"], int)


def test_corrected_values_are_exported_with_a_sheet_of_the_audit_trail(
    reviewed: dict[str, Any],
) -> None:
    client = reviewed["client"]
    content = client.get("/queue/export", params={"format": "xlsx"}).content
    rows = _sheet_rows(content, "申报")
    header = rows[0]
    sid = reviewed["ids"][TECH_MANAGER.name]
    row = dict(zip(header, next(r for r in rows if r[0] == sid), strict=True))
    # Text that looks like a formula stays text.
    assert row["邮箱"] == '=HYPERLINK("x")'
    assert row["审核状态"] == "已审" and row["审核意见"] == "通过" and row["已更正字段"] == "邮箱"
    trail = _sheet_rows(content, "审核记录")
    assert trail[0][:6] == ["申报编号", "申报对象", "时间", "操作人", "操作", "字段"]
    actions = [(line[0], line[4], line[5]) for line in trail[1:]]
    assert actions == [(sid, "更正", "邮箱"), (sid, "审核状态", "审核状态")]
    assert trail[1][7] == '=HYPERLINK("x")' and trail[1][8] == "核对原件"
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book["申报"].cell(row=1, column=1).value == "申报编号"
    cell = next(
        c
        for c in book["申报"][next(i for i, r in enumerate(rows, 1) if r[0] == sid)]
        if c.value == '=HYPERLINK("x")'
    )
    assert cell.data_type == "s"


def test_csv_is_utf8_for_excel_and_defuses_formulas(reviewed: dict[str, Any]) -> None:
    client = reviewed["client"]
    answer = client.get("/queue/export", params={"format": "csv", "review": "reviewed"})
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 1 and header[0] == "申报编号"
    assert dict(zip(header, body[0], strict=True))["邮箱"] == '\'=HYPERLINK("x")'


def test_an_export_holds_only_what_the_person_may_see(
    reviewed: dict[str, Any], make_token: MakeToken, page_client: PageClient
) -> None:
    token, _ = make_token("reviewer", lists=("技术经理人先锋榜",))
    rows = _sheet_rows(page_client(token).get("/queue/export").content, "申报")
    assert [row[0] for row in rows[1:]] == [reviewed["ids"][TECH_MANAGER.name]]
    applicant, _ = make_token("applicant", unit="某学会")
    assert page_client(applicant).get("/queue/export").status_code == 403


def test_a_wrong_export_format_is_a_clear_page(reviewed: dict[str, Any]) -> None:
    answer = reviewed["client"].get("/queue/export", params={"format": "pdf"})
    assert answer.status_code == 422 and "xlsx 或 csv" in answer.text


def test_kczg_export_writes_the_same_rows_from_the_command_line(
    reviewed: dict[str, Any], kczg_database: str, tmp_path: Path, services: Any
) -> None:
    out = tmp_path / "新锐.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "--list",
            "新锐企业榜",
            "--edition",
            "2022",
            "--format",
            "xlsx",
            "--out",
            str(out),
        ],
        env={"KCZG_DATA_DIR": str(services.settings.data_dir)},
    )
    assert result.exit_code == 0, result.output
    assert "2 submissions" in result.output
    rows = _sheet_rows(out.read_bytes(), "申报")
    assert len(rows) == 3 and rows[1][-1].startswith("http://127.0.0.1:8000/submissions/")
    csv_out = tmp_path / "reviewed.csv"
    result = CliRunner().invoke(
        app,
        ["export", "--review", "reviewed", "--format", "csv", "--out", str(csv_out)],
    )
    assert result.exit_code == 0, result.output
    assert len(list(csv.reader(io.StringIO(csv_out.read_text("utf-8-sig"))))) == 2


def test_kczg_export_refuses_a_bad_option_with_a_message(
    kczg_database: str, tmp_path: Path
) -> None:
    out = tmp_path / "x.xlsx"
    result = CliRunner().invoke(app, ["export", "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 2 and "xlsx or csv" in result.output
    result = CliRunner().invoke(app, ["export", "--list", "无此榜", "--out", str(out)])
    assert result.exit_code == 2 and "无此榜" in result.output
    assert not out.exists()
