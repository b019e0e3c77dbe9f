"""``kczg extract`` as a user runs it: the published --flat shape, provenance, clean errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.conftest import REAL_CORPUS

runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, ["extract", *args])


def test_flat_output_is_the_published_shape(one_sample: Any) -> None:
    result = run(str(one_sample.files["docx"]), "--flat")
    assert result.exit_code == 0, result.output
    flat = json.loads(result.stdout)
    truth = json.loads(one_sample.truth.read_text("utf-8"))
    assert set(flat) == {"form", "edition", "values", "flags", "unread_text"}
    assert flat["unread_text"] == 0
    assert (flat["form"], flat["edition"]) == (truth["form"], truth["edition"])
    assert flat["values"]["申报企业名称"] == truth["values"]["申报企业名称"]
    assert flat["values"]["研发经费总额/平均值"] == truth["values"]["研发经费总额/平均值"]
    assert flat["values"]["企业工商登记日期"] == truth["values"]["企业工商登记日期"]
    assert all(set(f) == {"field", "code", "severity", "message"} for f in flat["flags"])
    assert not [f for f in flat["flags"] if f["severity"] == "error"]


def test_json_output_keeps_provenance_and_confidence(one_sample: Any) -> None:
    result = run(str(one_sample.files["docx"]), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    value = record["values"]["申报企业名称"]
    assert value["provenance"]["file"].endswith(".docx")
    assert value["provenance"]["table"] is not None
    assert value["value"] in value["provenance"]["raw"]
    assert 0 < value["confidence"] <= 1


def test_default_output_is_a_table_a_reviewer_reads(one_sample: Any) -> None:
    result = run(str(one_sample.files["docx"]))
    assert result.exit_code == 0
    assert "新锐企业榜" in result.stdout
    assert "申报企业名称" in result.stdout


def test_strict_exits_1_when_a_defect_is_flagged(sample_set: list[Any]) -> None:
    defective = next(info for info in sample_set if info.defects)
    result = run(str(defective.files["docx"]), "--strict", "--flat")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["flags"]


@pytest.mark.parametrize(
    ("content", "name", "code", "words"),
    [
        (None, "absent.docx", 2, "no such file"),
        (b"", "empty.docx", 3, "empty file"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "picture.docx", 3, "PNG"),
        (b"%PDF-1.4\n%%EOF", "form.docx", 3, "PDF"),
        (b"hello", "notes.txt", 3, "unsupported file type"),
        (b"PK\x03\x04broken", "broken.docx", 3, "docx"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 64, "scan.pdf", 3, "JPEG image"),
    ],
)
def test_bad_files_get_one_line_and_an_exit_code(
    tmp_path: Path, content: bytes | None, name: str, code: int, words: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(str(path), "--flat")
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert name in lines[0] and words in lines[0]
    assert result.stdout == ""


def test_a_document_that_is_no_form_is_named(tmp_path: Path) -> None:
    result = run(str(REAL_CORPUS / "docx-zh-gaoqi-application-blank.docx"))
    assert result.exit_code == 6
    assert "not a known 科创中国 application form" in result.stderr


@pytest.mark.parametrize(
    "path", sorted(p for p in REAL_CORPUS.iterdir() if p.suffix != ".md"), ids=lambda p: p.name
)
def test_every_real_file_is_read_or_refused_cleanly(path: Path) -> None:
    result = run(str(path), "--flat")
    assert result.exit_code in {0, 3, 4, 5, 6}, result.output
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1
        assert path.name in result.stderr
    assert "Traceback" not in result.output


def test_missing_ocr_models_are_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from extractor.scan import engine

    engine._engine.cache_clear()
    monkeypatch.setitem(engine._MODELS, "rec_model_path", "absent_rec.onnx")
    page = tmp_path / "page.png"
    Image.new("L", (600, 800), 255).save(page)
    try:
        result = run(str(page))
    finally:
        engine._engine.cache_clear()
    assert result.exit_code == 8
    assert "absent_rec.onnx" in result.stderr and "rapidocr-onnxruntime" in result.stderr
