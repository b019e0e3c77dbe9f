"""Generated files: what the truth promises is in the .docx, the same seed gives the same files."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest

from samples.formats import number_text
from samples.generate import (
    BadSampleRequest,
    Plan,
    SampleInfo,
    generate,
    make_sample,
    plan,
)
from schemas.catalogue import catalogue

W_T = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _xml(path: Path, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(path).read(part).decode("utf-8")


def _all_text(path: Path) -> str:
    """Every run of text in the body, nested tables and content controls included."""
    return "".join(W_T.findall(_xml(path)))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _expected_texts(truth: dict[str, Any]) -> list[str]:
    """Pieces of text a faithful sample must contain, one per scalar value."""
    texts: list[str] = []
    for name, value in truth["values"].items():
        if isinstance(value, str):
            texts += [line for line in value.split("\n") if line]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            texts.append(number_text(value))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            texts += [str(v) for row in value for v in row.values()]
        elif name == "技术成熟度":
            texts.append(f"TRL{value}")
    return texts


def test_first_27_samples_cover_every_form_once_faithful_twice_varied() -> None:
    items = plan(27)
    per_form = Counter((item.edition, item.form.key) for item in items)
    assert len(per_form) == 9 and set(per_form.values()) == {3}
    for key in per_form:
        layouts = [i.layout for i in items if (i.edition, i.form.key) == key]
        assert layouts[0] == "faithful" and "faithful" not in layouts[1:]
        assert len(set(layouts[1:])) == 2


def test_long_runs_are_half_faithful_and_use_every_variant() -> None:
    items = plan(180)
    layouts = Counter(item.layout for item in items)
    assert layouts["faithful"] == 90
    assert len(layouts) == 11


def test_faithful_docx_holds_every_truth_value(tmp_path: Path) -> None:
    for index, form in enumerate(catalogue(2022).forms):
        info = make_sample(tmp_path, Plan(index, form, 2022, "faithful"), seed=5)
        truth = json.loads(info.truth.read_text("utf-8"))
        text = _squash(_all_text(info.files["docx"]))
        assert _squash(form.title) in _squash(text)
        for piece in _expected_texts(truth):
            assert _squash(piece) in text, f"{form.list}: {piece!r} not in the document"


def test_docx_opens_with_python_docx(sample_set: list[SampleInfo]) -> None:
    for info in sample_set:
        document = docx.Document(str(info.files["docx"]))
        assert document.tables, info.id


def test_truth_files_follow_the_published_shape(sample_set: list[SampleInfo]) -> None:
    for info in sample_set:
        truth = json.loads(info.truth.read_text("utf-8"))
        assert set(truth) == {"form", "edition", "values", "flags", "meta"}
        assert truth["form"] == info.form and truth["edition"] == info.edition
        assert truth["meta"]["layout"] == info.layout
        assert truth["meta"]["files"] == {"docx": info.files["docx"].name}
        assert all(set(flag) == {"field", "code"} for flag in truth["flags"])
        assert {f["code"] for f in truth["flags"]} <= set(truth["meta"]["defects"])


def test_manifest_lists_every_sample(sample_set: list[SampleInfo]) -> None:
    manifest = sample_set[0].truth.parent / "manifest.csv"
    with manifest.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == [info.id for info in sample_set]
    assert {row["layout"] for row in rows} == {info.layout for info in sample_set}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 10, 7)
    second = generate(tmp_path / "b", 10, 7)
    for one, two in zip(first, second, strict=True):
        assert one.files["docx"].read_bytes() == two.files["docx"].read_bytes()
        assert one.truth.read_text("utf-8") == two.truth.read_text("utf-8")
    other = generate(tmp_path / "c", 1, 8)
    assert other[0].truth.read_text("utf-8") != first[0].truth.read_text("utf-8")


def _variant(tmp_path: Path, list_name: str, layout: str, edition: int = 2022) -> SampleInfo:
    form = catalogue(edition).form(list_name)
    return make_sample(tmp_path, Plan(1, form, edition, layout), seed=3, defect_codes=[])


def test_content_controls_are_word_check_boxes(tmp_path: Path) -> None:
    info = _variant(tmp_path, "新锐企业榜", "content_controls")
    xml = _xml(info.files["docx"])
    assert xml.count("<w14:checkbox>") == 4
    assert xml.count('<w14:checked w14:val="1"/>') == 2
    assert '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>' in xml
    assert "☑" not in xml and "□" not in xml
    assert xml.count("☒") == 2 and xml.count("☐") == 2


def test_header_and_footer_carry_label_like_text(tmp_path: Path) -> None:
    info = _variant(tmp_path, "技术经理人先锋榜", "header_footer")
    document = docx.Document(str(info.files["docx"]))
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("联系人：") and "电话：" in footer
    truth = json.loads(info.truth.read_text("utf-8"))
    assert truth["values"]["姓名"] not in footer


def test_headings_take_narratives_out_of_tables(tmp_path: Path) -> None:
    info = _variant(tmp_path, "先导技术榜", "headings")
    document = docx.Document(str(info.files["docx"]))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"
    ]
    assert headings[0] == "一、技术介绍（400-600字）"
    assert len(headings) == 6
    in_tables = "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "技术介绍（400-600字）" not in in_tables


def test_split_year_tables_repeat_the_header_once(tmp_path: Path) -> None:
    faithful = docx.Document(str(_variant(tmp_path, "新锐企业榜", "faithful").files["docx"]))
    split = docx.Document(str(_variant(tmp_path, "新锐企业榜", "split_year_tables").files["docx"]))
    assert len(split.tables) == len(faithful.tables) + 2

    def headers(document: Any) -> int:
        return sum(
            1
            for t in document.tables
            for row in t.rows
            if any(c.text == "近三年" for c in row.cells)
        )

    assert headers(split) == headers(faithful) + 1


def test_nested_tables_hold_a_year_table(tmp_path: Path) -> None:
    info = _variant(tmp_path, "新锐企业榜", "nested_tables")
    document = docx.Document(str(info.files["docx"]))
    nested = [
        t
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for t in cell.tables
    ]
    texts = {c.text for t in nested for row in t.rows for c in row.cells}
    assert {"近三年", "2020年", "平均值", "近3年内获得的称号名称"} <= texts


def test_value_formats_write_other_forms_but_truth_stays_normal(tmp_path: Path) -> None:
    info = _variant(tmp_path, "新锐企业榜", "value_formats", edition=2023)
    truth = json.loads(info.truth.read_text("utf-8"))
    registered = truth["values"]["企业工商登记日期"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", registered)
    assert registered not in _all_text(info.files["docx"])


def test_checkbox_symbols_replace_the_ticked_glyph(tmp_path: Path) -> None:
    info = _variant(tmp_path, "融通创新组织榜", "checkbox_symbols")
    text = _all_text(info.files["docx"])
    assert "☑" not in text
    assert any(symbol in text for symbol in "■√✓☒")


@pytest.mark.parametrize(("count", "formats"), [(0, ("docx",)), (3, ("xls",)), (3, ("pdf",))])
def test_bad_requests_are_refused(tmp_path: Path, count: int, formats: tuple[str, ...]) -> None:
    with pytest.raises(BadSampleRequest):
        generate(tmp_path, count, 0, formats)
