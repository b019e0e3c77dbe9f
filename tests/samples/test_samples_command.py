"""``kczg samples`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app


def test_writes_samples_and_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["samples", "--out", str(tmp_path), "--count", "4", "--seed", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 4 samples" in result.output
    assert len(list(tmp_path.glob("*.docx"))) == 4
    assert len(list(tmp_path.glob("*.truth.json"))) == 4
    assert (tmp_path / "manifest.csv").is_file()


def test_bad_arguments_exit_2_with_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (["--count", "0"], ["--formats", "docx,odt"], ["--formats", "scan"]):
        result = runner.invoke(app, ["samples", "--out", str(tmp_path), *args])
        assert result.exit_code == 2, args
        assert result.output.count("kczg samples:") == 1
        assert "Traceback" not in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_pdf_and_scan_are_made_from_the_docx(tmp_path: Path) -> None:
    args = ["samples", "--out", str(tmp_path), "--count", "1", "--formats", "docx,pdf,scan"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    truth = json.loads(next(tmp_path.glob("*.truth.json")).read_text("utf-8"))
    files = truth["meta"]["files"]
    assert set(files) == {"docx", "pdf", "scan"}
    assert all((tmp_path / name).stat().st_size > 0 for name in files.values())
    assert (tmp_path / files["pdf"]).read_bytes().startswith(b"%PDF")


def test_photo_and_copy_are_pictures_of_the_form_without_its_pdf(tmp_path: Path) -> None:
    args = ["samples", "--out", str(tmp_path), "--count", "1", "--formats", "docx,photo,copy"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    truth = json.loads(next(tmp_path.glob("*.truth.json")).read_text("utf-8"))
    files = truth["meta"]["files"]
    assert set(files) == {"docx", "photo", "copy"}
    # The PDF they are made from is not left behind.
    assert {path.name for path in tmp_path.glob("*.pdf")} == {files["photo"], files["copy"]}
    photo, copy = ((tmp_path / files[kind]).read_bytes() for kind in ("photo", "copy"))
    # A phone photo is in colour (a red seal on it), an office copy grey.
    assert b"/DeviceRGB" in photo and b"/DeviceRGB" not in copy and b"/DeviceGray" in copy


def test_an_output_that_cannot_be_written_exits_3(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = CliRunner().invoke(app, ["samples", "--out", str(blocker / "out"), "--count", "1"])
    assert result.exit_code == 3
    assert result.stderr.startswith("kczg samples: cannot write to")
    assert "Traceback" not in result.output


def test_pdf_without_libreoffice_exits_8_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    args = ["samples", "--out", str(tmp_path / "out"), "--count", "1", "--formats", "docx,pdf"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 8
    assert "LibreOffice" in result.stderr
