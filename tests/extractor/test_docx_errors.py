"""Broken, disguised and hostile files given as .docx: one clear error each."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from extractor.docx import read_docx
from extractor.errors import EncryptedFile, ExtractionError, UnreadableFile, UnsafeFile

MakeDocx = Callable[..., Path]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
    "<w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"
).encode()
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
).encode()
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
    "</w:body></w:document>"
).encode()


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refusal(path: Path) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        read_docx(path, source="申报表.docx")
    error = caught.value
    assert "\n" not in str(error)
    assert str(error).startswith("申报表.docx: ")
    return error


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert error.message == "empty file"


def test_png_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "photo.docx"
    Image.new("RGB", (8, 8), "white").save(path, format="PNG")

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert error.message == "not a Word .docx file (it is a PNG image)"


def test_plain_text_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("单位名称：某某公司\n", encoding="utf-8")

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert error.message == "not a Word .docx file (not a zip archive)"


def test_truncated_zip(make_docx: MakeDocx, tmp_path: Path) -> None:
    whole = make_docx(lambda d: d.add_paragraph("正文")).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert error.message == "not a Word .docx file (truncated or damaged zip archive)"


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "other.docx", {"readme.txt": b"hello"})

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert "word/document.xml" in error.message


def test_spreadsheet_renamed_docx(tmp_path: Path) -> None:
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    path = write_zip(tmp_path / "book.docx", {"_rels/.rels": rels, "xl/workbook.xml": workbook})

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert error.message == "not a Word document (xl/workbook.xml holds <workbook>)"


def test_legacy_word_file_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(ole2 + "WordDocument".encode("utf-16-le") + bytes(1000))

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert "legacy Word .doc" in error.message


def test_encrypted_office_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50)
    path.write_bytes(ole2 + directory + "EncryptedPackage".encode("utf-16-le") + bytes(4096))

    error = refusal(path)

    assert isinstance(error, EncryptedFile)
    assert error.kind == "encrypted"


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entities_in_the_document_are_refused(tmp_path: Path, payload: bytes) -> None:
    path = write_zip(tmp_path / "laughs.docx", {"word/document.xml": payload})

    error = refusal(path)

    assert isinstance(error, UnsafeFile)
    assert "word/document.xml" in error.message


def test_entities_in_the_styles_are_refused(tmp_path: Path) -> None:
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/styles" Target="styles.xml"/></Relationships>'
    )
    path = write_zip(
        tmp_path / "styled.docx",
        {
            "word/document.xml": DOCUMENT,
            "word/_rels/document.xml.rels": rels,
            "word/styles.xml": BILLION_LAUGHS,
        },
    )

    error = refusal(path)

    assert isinstance(error, UnsafeFile)
    assert "word/styles.xml" in error.message


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "bomb.docx",
        {"word/document.xml": DOCUMENT, "word/media/fill.bin": bytes(20 * 1024 * 1024)},
    )

    error = refusal(path)

    assert isinstance(error, UnsafeFile)
    assert error.kind == "unsafe"
    assert "word/media/fill.bin" in error.message


def test_damaged_xml(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bad.docx", {"word/document.xml": DOCUMENT[:-20]})

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert error.message.startswith("damaged XML in word/document.xml")


def test_damaged_zip_member(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "crc.docx", {"word/document.xml": DOCUMENT * 50})
    data = bytearray(path.read_bytes())
    start = data.index(b"word/document.xml") + len("word/document.xml")
    for offset in range(start + 10, start + 40):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))

    error = refusal(path)

    assert isinstance(error, UnreadableFile)
    assert "damaged" in error.message


def test_tables_nested_beyond_reason_are_refused(tmp_path: Path) -> None:
    depth = 600
    nested = "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth
    document = f'<w:document xmlns:w="{W}"><w:body>{nested}</w:body></w:document>'
    path = write_zip(tmp_path / "deep.docx", {"word/document.xml": document.encode()})

    error = refusal(path)

    assert isinstance(error, UnsafeFile)
