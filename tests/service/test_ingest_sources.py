"""What ``kczg ingest`` takes from a folder, a list of paths and a zip, read safely."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from schemas.errors import ErrorKind, KczgError
from service.usecases.ingest_sources import Item, ZipLimits, items_of
from tests.conftest import CHECKED_IN

FORM = CHECKED_IN / "001-2022-rising_company-faithful.docx"
LIMITS = ZipLimits(entry_bytes=50 * 1024 * 1024)


def _by_name(items: list[Item]) -> dict[str, Item]:
    return {item.name.rsplit("!", 1)[-1]: item for item in items}


def _read(item: Item) -> bytes:
    assert item.open is not None, item.problem
    with item.open() as handle:
        return handle.read()


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_folder_gives_its_forms_recursively_and_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "year" / "2022").mkdir(parents=True)
    (tmp_path / "year" / "2022" / "a.docx").write_bytes(FORM.read_bytes())
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.truth.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.docx").write_bytes(b"x")
    items = items_of(tmp_path, limits=LIMITS)
    names = {Path(item.name).relative_to(tmp_path).as_posix(): item for item in items}
    assert sorted(names) == ["a.truth.json", "b.pdf", "notes.txt", "year/2022/a.docx"]
    assert [n for n, item in names.items() if item.ignored] == ["a.truth.json", "notes.txt"]
    assert _read(names["year/2022/a.docx"]) == FORM.read_bytes()


def test_a_list_of_paths_is_read_relative_to_its_folder(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "one.docx").write_bytes(FORM.read_bytes())
    listing = tmp_path / "paths.txt"
    listing.write_text(f"# forms of 2022\nforms/one.docx\n\n{FORM}\nforms/gone.docx\n", "utf-8")
    items = items_of(listing, limits=LIMITS)
    assert [item.name for item in items] == ["forms/one.docx", str(FORM), "forms/gone.docx"]
    assert _read(items[0]) == FORM.read_bytes()
    gone = items[2].problem
    assert gone is not None and gone.kind is ErrorKind.NOT_FOUND


def test_what_is_neither_folder_zip_nor_list_is_refused_with_a_reason(tmp_path: Path) -> None:
    binary = tmp_path / "data.bin"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    with pytest.raises(KczgError, match="not a folder, a zip or a UTF-8 list"):
        items_of(binary, limits=LIMITS)
    with pytest.raises(KczgError, match="no such file or folder"):
        items_of(tmp_path / "missing", limits=LIMITS)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(KczgError, match="not a readable zip"):
        items_of(broken, limits=LIMITS)


def test_zip_entries_climbing_out_or_absolute_are_refused_and_the_rest_read(
    tmp_path: Path,
) -> None:
    archive = _zip(
        tmp_path / "forms.zip",
        {
            "2022/good.docx": FORM.read_bytes(),
            "../evil.docx": b"x",
            "a/../../evil2.docx": b"x",
            "/etc/abs.docx": b"x",
            "C:\\Windows\\win.docx": b"x",
            "readme.txt": b"hello",
        },
    )
    items = _by_name(items_of(archive, limits=LIMITS))
    assert _read(items["2022/good.docx"]) == FORM.read_bytes()
    assert items["readme.txt"].ignored
    for name in ("../evil.docx", "a/../../evil2.docx", "/etc/abs.docx", "C:\\Windows\\win.docx"):
        problem = items[name].problem
        assert problem is not None and problem.kind is ErrorKind.UNSAFE, name
        assert items[name].open is None
    assert "outside" in str(items["../evil.docx"].problem)
    assert "absolute" in str(items["/etc/abs.docx"].problem)


def test_a_link_in_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links.zip"
    with zipfile.ZipFile(path, "w") as archive:
        link = zipfile.ZipInfo("form.docx")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    (item,) = items_of(path, limits=LIMITS)
    assert item.problem is not None and "link" in str(item.problem)


def test_a_zip_bomb_entry_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "bomb.zip",
        {"bomb.docx": b"\0" * (30 * 1024 * 1024), "good.docx": FORM.read_bytes()},
    )
    items = _by_name(items_of(archive, limits=LIMITS))
    bomb = items["bomb.docx"].problem
    assert bomb is not None and bomb.kind is ErrorKind.UNSAFE and "zip bomb" in str(bomb)
    assert _read(items["good.docx"]) == FORM.read_bytes()


def test_zip_size_and_count_limits_refuse_what_is_over_them(tmp_path: Path) -> None:
    data = FORM.read_bytes()
    archive = _zip(tmp_path / "many.zip", {f"{n}.docx": data for n in range(4)})
    small = ZipLimits(entry_bytes=len(data) - 1)
    assert {i.problem.kind for i in items_of(archive, limits=small) if i.problem} == {
        ErrorKind.TOO_LARGE
    }
    counted = [i.problem for i in items_of(archive, limits=ZipLimits(len(data), entries=3))]
    assert [p is None for p in counted] == [True, True, True, False]
    total = ZipLimits(len(data), total_bytes=2 * len(data))
    assert [i.problem is None for i in items_of(archive, limits=total)] == [
        True,
        True,
        False,
        False,
    ]


def test_an_entry_named_in_gbk_keeps_its_chinese_name(tmp_path: Path) -> None:
    name = "申报表.docx"
    placeholder = "X" * (len(name.encode("gbk")) - 5) + ".docx"
    path = _zip(tmp_path / "gbk.zip", {placeholder: FORM.read_bytes()})
    # As Windows zip tools write it: the name in GBK, without the UTF-8 flag.
    path.write_bytes(path.read_bytes().replace(placeholder.encode(), name.encode("gbk")))
    (item,) = items_of(path, limits=LIMITS)
    assert item.name.endswith("!申报表.docx")
    assert _read(item) == FORM.read_bytes()
