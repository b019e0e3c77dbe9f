"""Zip limits, entity-free XML and the per-file time limit."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor import safety
from extractor.errors import (
    EncryptedFile,
    ExtractionTimeout,
    UnreadableFile,
    UnsafeFile,
)
from extractor.safety import check_members, check_zip, parse_xml, read_member, run_with_timeout

MakeDocx = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[2]


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_an_ordinary_docx_passes(make_docx: MakeDocx) -> None:
    path = make_docx(lambda d: d.add_table(rows=20, cols=5))

    check_zip(path, "form.docx")

    with zipfile.ZipFile(path) as archive:
        assert b"w:tbl" in read_member(archive, "word/document.xml", "form.docx")


def test_high_ratio_member_is_a_zip_bomb(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bomb.docx", {"word/document.xml": bytes(30 * 1024 * 1024)})

    with pytest.raises(UnsafeFile, match=r"expands \d+:1 \(limit 100:1\), a zip bomb"):
        check_zip(path, "bomb.docx")


def test_small_members_may_compress_well(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "small.docx", {"word/document.xml": bytes(512 * 1024)})

    check_zip(path, "small.docx")


def test_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_ENTRIES", 3)
    path = write_zip(tmp_path / "many.docx", {f"part{i}.xml": b"<a/>" for i in range(4)})

    with pytest.raises(UnsafeFile, match=r"has 4 entries \(limit 3\)"):
        check_zip(path, "many.docx")


def test_too_many_entries_in_a_zip64_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_ENTRIES", 3)
    members = [zipfile.ZipInfo(f"part{i}.xml") for i in range(4)]

    with pytest.raises(UnsafeFile, match=r"has 4 entries \(limit 3\)"):
        check_members(members, "many.docx")


def test_oversized_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_PART_SIZE", 1000)
    path = write_zip(tmp_path / "big.docx", {"word/document.xml": b"x" * 2000})

    with pytest.raises(UnsafeFile, match=re.escape("word/document.xml unpacks to")):
        check_zip(path, "big.docx")


def test_oversized_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_UNPACKED_TOTAL", 3000)
    members = {f"word/part{i}.xml": b"y" * 1000 for i in range(4)}
    path = write_zip(tmp_path / "total.docx", members)

    with pytest.raises(UnsafeFile, match="zip archive unpacks to"):
        check_zip(path, "total.docx")


def test_reading_stops_at_the_part_limit_whatever_the_header_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_zip(tmp_path / "liar.docx", {"word/document.xml": b"z" * 5000})
    monkeypatch.setattr(safety, "MAX_PART_SIZE", 1000)

    with zipfile.ZipFile(path) as archive, pytest.raises(UnsafeFile):
        read_member(archive, "word/document.xml", "liar.docx")


def test_encrypted_zip_members() -> None:
    info = zipfile.ZipInfo("word/document.xml")
    info.flag_bits |= 0x1

    with pytest.raises(EncryptedFile):
        check_members([info], "locked.docx")


def test_xml_without_dtd_parses() -> None:
    root = parse_xml(b'<?xml version="1.0"?><a><b>x</b></a>', "f.docx", "p.xml")

    assert root.findtext("b") == "x"


@pytest.mark.parametrize(
    "xml",
    [
        b'<!DOCTYPE a [<!ENTITY e "xx">]><a>&e;</a>',
        b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>',
        b"<!-- <b> --><!DOCTYPE a><a/>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'.encode(
            "utf-16"
        ),
    ],
)
def test_any_dtd_is_refused(xml: bytes) -> None:
    with pytest.raises(UnsafeFile, match=re.escape("p.xml declares a DTD or entities")):
        parse_xml(xml, "f.docx", "p.xml")


@pytest.mark.parametrize("xml", [b"<a><b></a>", b"<a>&undeclared;</a>", b""])
def test_damaged_xml_is_unreadable(xml: bytes) -> None:
    with pytest.raises(UnreadableFile, match=re.escape("damaged XML in p.xml")):
        parse_xml(xml, "f.docx", "p.xml")


def test_time_limit_returns_the_result_in_time() -> None:
    assert run_with_timeout(lambda: 6 * 7, 5.0, "f.docx") == 42


def test_time_limit_passes_errors_through() -> None:
    def broken() -> None:
        raise UnreadableFile("f.docx", "damaged")

    with pytest.raises(UnreadableFile, match="damaged"):
        run_with_timeout(broken, 5.0, "f.docx")


def test_time_limit_does_not_mistake_a_timeout_error_raised_by_the_work() -> None:
    def times_out_itself() -> None:
        raise TimeoutError("socket")

    with pytest.raises(TimeoutError, match="socket"):
        run_with_timeout(times_out_itself, 5.0, "f.docx")


def test_time_limit_stops_waiting() -> None:
    started = time.monotonic()

    with pytest.raises(ExtractionTimeout, match=re.escape("time limit of 0.2 s")) as caught:
        run_with_timeout(lambda: time.sleep(3), 0.2, "slow.docx")

    assert time.monotonic() - started < 2
    assert caught.value.kind == "timeout"


def test_time_limit_works_from_a_server_thread() -> None:
    outcome: list[str] = []

    def serve() -> None:
        try:
            run_with_timeout(lambda: time.sleep(3), 0.2, "slow.docx")
        except ExtractionTimeout as error:
            outcome.append(error.message)

    worker = threading.Thread(target=serve)
    worker.start()
    worker.join(timeout=2)

    assert outcome == ["reading took longer than the time limit of 0.2 s"]


def test_time_limit_interrupts_the_work_in_a_cli_main_thread() -> None:
    # A fresh interpreter, with no test runner's alarm set, takes the SIGALRM path:
    # the busy loop itself is stopped, not just abandoned.
    script = (
        "import time\n"
        "from extractor.errors import ExtractionTimeout\n"
        "from extractor.safety import run_with_timeout\n"
        "state = {'spins': 0}\n"
        "def spin():\n"
        "    end = time.monotonic() + 20\n"
        "    while time.monotonic() < end:\n"
        "        state['spins'] += 1\n"
        "try:\n"
        "    run_with_timeout(spin, 0.3, 'slow.docx')\n"
        "except ExtractionTimeout as error:\n"
        "    before = state['spins']\n"
        "    time.sleep(0.2)\n"
        "    print(error.message, state['spins'] == before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=15,
        check=True,
    )

    assert done.stdout.strip() == "reading took longer than the time limit of 0.3 s True"
