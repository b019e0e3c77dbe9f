"""Legacy .doc/.wps/.rtf files read through LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from extractor.docx import read_docx
from extractor.errors import (
    EncryptedFile,
    ExtractionTimeout,
    MissingConverter,
    UnreadableFile,
)
from extractor.legacy import convert_legacy, read_legacy

MakeDocx = Callable[..., Path]


def to_doc(docx_path: Path, work: Path) -> Path:
    """A Word 97 .doc made from a .docx by LibreOffice, as a user's old Word would."""
    profile = work / "make-doc-profile"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "doc",
            "--outdir",
            str(work),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return work / f"{docx_path.stem}.doc"


def build_form(document: Any) -> None:
    document.add_heading("科创中国申报表", level=1)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "单位名称"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "某某科技有限公司"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "是否高企"
    table.cell(1, 1).text = "☑是 □否"
    document.add_paragraph("填表说明：如实填写。")


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("legacy")
    document = docx.Document()
    build_form(document)
    source = work / "申报表.docx"
    document.save(str(source))
    return to_doc(source, work)


def test_doc_round_trip_reads_tables_merges_and_boxes(legacy_doc: Path) -> None:
    layout = read_legacy(legacy_doc)

    assert layout.kind == "doc"
    assert layout.source == "申报表.doc"
    table = next(layout.tables())
    name = table.at(0, 1)
    assert name is not None
    assert (name.text, name.col_span) == ("某某科技有限公司", 2)
    high_tech = table.at(1, 0)
    assert high_tech is not None
    assert (high_tech.text, high_tech.row_span) == ("是否高企", 2)
    boxes = table.at(1, 1)
    assert boxes is not None
    assert boxes.text == "☑是 □否"
    texts = [p.text for p in layout.paragraphs()]
    assert texts == ["科创中国申报表", "填表说明：如实填写。"]


def test_converted_file_is_removed_after_use(legacy_doc: Path) -> None:
    with convert_legacy(legacy_doc) as converted:
        assert converted.suffix == ".docx"
        assert read_docx(converted).source == converted.name
        folder = converted.parent.parent

    assert not folder.exists()


def test_doc_given_as_docx_is_named_as_a_legacy_file(legacy_doc: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "申报表.docx"
    shutil.copyfile(legacy_doc, renamed)

    with pytest.raises(UnreadableFile, match=re.escape("legacy Word .doc file")):
        read_docx(renamed)


def test_docx_saved_as_doc_is_read_without_conversion(
    make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_docx(build_form, name="misnamed.doc")
    monkeypatch.setattr(shutil, "which", lambda _name: None)

    layout = read_legacy(path)

    assert layout.kind == "docx"
    assert "某某科技有限公司" in layout.text()


def test_rtf_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "letter.rtf"
    path.write_text(r"{\rtf1\ansi {\b Applicant} Example Ltd\par Second line}", encoding="ascii")

    layout = read_legacy(path)

    assert [p.text for p in layout.paragraphs()] == ["Applicant Example Ltd", "Second line"]


def test_missing_libreoffice_names_the_package(
    legacy_doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)

    with pytest.raises(MissingConverter) as caught:
        read_legacy(legacy_doc)

    assert caught.value.kind == "missing_converter"
    assert "libreoffice-writer-nogui" in caught.value.message


def test_conversion_time_limit(legacy_doc: Path) -> None:
    started = time.monotonic()

    with pytest.raises(ExtractionTimeout, match=re.escape("LibreOffice took longer than 0.05 s")):
        read_legacy(legacy_doc, timeout=0.05)

    assert time.monotonic() - started < 10


def test_random_bytes_are_not_converted_as_text(tmp_path: Path) -> None:
    path = tmp_path / "noise.doc"
    path.write_bytes(bytes(range(256)) * 20)

    with pytest.raises(UnreadableFile, match=re.escape("not a Word .doc, WPS or RTF file")):
        read_legacy(path)


def test_encrypted_office_file_named_doc(tmp_path: Path) -> None:
    path = tmp_path / "locked.doc"
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(ole2 + "EncryptionInfo".encode("utf-16-le") + bytes(2048))

    with pytest.raises(EncryptedFile):
        read_legacy(path)


def test_empty_doc(tmp_path: Path) -> None:
    path = tmp_path / "empty.doc"
    path.write_bytes(b"")

    with pytest.raises(UnreadableFile, match="empty file"):
        read_legacy(path)
