"""Extraction scored against generated samples' ground truth: the accuracy users rely on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.api import extract
from samples.generate import generate
from samples.score import Score, aggregate, score

CHECKED_IN = Path(__file__).resolve().parents[2] / "samples" / "checked_in"


def _scored(pairs: list[tuple[Path, Path]]) -> list[Score]:
    results = []
    for form, truth_path in pairs:
        truth = json.loads(truth_path.read_text("utf-8"))
        results.append(score(extract(form).flat(), truth))
    return results


@pytest.fixture(scope="module")
def fresh_scores(tmp_path_factory: pytest.TempPathFactory) -> list[Score]:
    """A set generated now, with a seed neither the checked-in set nor other tests use."""
    infos = generate(tmp_path_factory.mktemp("fresh"), 60, seed=97)
    return _scored([(info.files["docx"], info.truth) for info in infos])


@pytest.fixture(scope="module")
def checked_in_scores() -> list[Score]:
    forms = sorted(CHECKED_IN.glob("*.docx"))
    return _scored([(f, f.with_suffix(".truth.json")) for f in forms])


def _by_layout(scores: list[Score]) -> dict[str, Any]:
    return dict(aggregate(scores)["by_layout"])


@pytest.mark.parametrize("which", ["fresh_scores", "checked_in_scores"])
def test_faithful_layout_field_accuracy(which: str, request: pytest.FixtureRequest) -> None:
    faithful = _by_layout(request.getfixturevalue(which))["faithful"]
    assert faithful["field_accuracy"] >= 0.99, faithful


@pytest.mark.parametrize("which", ["fresh_scores", "checked_in_scores"])
def test_every_variant_layout_field_accuracy(which: str, request: pytest.FixtureRequest) -> None:
    layouts = _by_layout(request.getfixturevalue(which))
    variants = {name: s["field_accuracy"] for name, s in layouts.items() if name != "faithful"}
    assert len(variants) == 10
    assert {name: a for name, a in variants.items() if a < 0.97} == {}


@pytest.mark.parametrize("which", ["fresh_scores", "checked_in_scores"])
def test_every_injected_defect_is_flagged(which: str, request: pytest.FixtureRequest) -> None:
    scores: list[Score] = request.getfixturevalue(which)
    overall = aggregate(scores)["overall"]
    assert overall["flags_expected"] >= 10
    assert [(s.form, s.layout, s.missed_flags) for s in scores if s.missed_flags] == []


@pytest.mark.parametrize("which", ["fresh_scores", "checked_in_scores"])
def test_clean_forms_carry_no_error_flag(which: str, request: pytest.FixtureRequest) -> None:
    scores: list[Score] = request.getfixturevalue(which)
    clean = [s for s in scores if s.clean]
    assert clean
    assert [(s.form, s.layout, s.false_error_flags) for s in clean if s.false_error_flags] == []


def _format_scores(out: Path, count: int, seed: int, fmt: str) -> list[Score]:
    infos = generate(out, count, seed=seed, formats=("docx", fmt))
    return [
        score(extract(info.files[fmt]).flat(), json.loads(info.truth.read_text("utf-8")), fmt)
        for info in infos
    ]


@pytest.fixture(scope="module")
def pdf_scores(tmp_path_factory: pytest.TempPathFactory) -> list[Score]:
    """Every form and edition, faithful and variant layouts, printed to PDF by LibreOffice."""
    return _format_scores(tmp_path_factory.mktemp("pdf"), 27, 41, "pdf")


@pytest.fixture(scope="module")
def scan_scores(tmp_path_factory: pytest.TempPathFactory) -> list[Score]:
    """Every form and edition as a scan: 150 dpi, slightly turned, noisy, JPEG in a PDF."""
    return _format_scores(tmp_path_factory.mktemp("scan"), 9, 43, "scan")


@pytest.fixture(scope="module")
def doc_scores(tmp_path_factory: pytest.TempPathFactory) -> list[Score]:
    """Every form and edition saved as Word 97 .doc, read through LibreOffice."""
    return _format_scores(tmp_path_factory.mktemp("doc"), 9, 47, "doc")


def test_text_pdf_field_accuracy_and_flags(pdf_scores: list[Score]) -> None:
    overall = aggregate(pdf_scores)["overall"]
    assert overall["field_accuracy"] >= 0.97, overall
    assert [(s.form, s.layout, s.missed_flags) for s in pdf_scores if s.missed_flags] == []
    assert overall["clean_samples_with_error_flags"] == 0, overall


def test_scan_field_accuracy(scan_scores: list[Score]) -> None:
    overall = aggregate(scan_scores)["overall"]
    assert overall["field_accuracy"] >= 0.90, overall


def test_legacy_doc_field_accuracy(doc_scores: list[Score]) -> None:
    overall = aggregate(doc_scores)["overall"]
    assert overall["field_accuracy"] >= 0.99, overall
    assert overall["flag_recall"] in (None, 1.0), overall


def test_an_upside_down_scan_reads_like_an_upright_one(
    sample_set: list[Any], tmp_path: Path
) -> None:
    from samples.render_pdf import to_pdf
    from samples.render_scan import to_scan

    info = next(i for i in sample_set if i.form == "融通创新组织榜" and i.layout == "faithful")
    pdf = to_pdf(info.files["docx"], tmp_path)
    upright = extract(to_scan(pdf, tmp_path / "upright.pdf", seed=3)).flat()
    turned = extract(to_scan(pdf, tmp_path / "turned.pdf", seed=3, turn=2)).flat()
    truth = json.loads(info.truth.read_text("utf-8"))
    upright_accuracy = score(upright, truth, "scan").field_accuracy
    assert score(turned, truth, "scan").field_accuracy >= upright_accuracy - 0.1
    for name in ("组织机构名称", "成立时间", "详细地址", "电话", "邮箱"):
        assert turned["values"].get(name) == truth["values"][name]


def test_a_photographed_page_as_jpeg_is_read(sample_set: list[Any], tmp_path: Path) -> None:
    from samples.render_pdf import to_pdf
    from samples.render_scan import to_images

    info = next(i for i in sample_set if i.form == "技术经理人先锋榜" and i.layout == "faithful")
    first_page = to_images(to_pdf(info.files["docx"], tmp_path), tmp_path, 5, fmt="jpeg")[0]
    record = extract(first_page, edition=info.edition)
    truth = json.loads(info.truth.read_text("utf-8"))["values"]
    assert record.value("姓名") == truth["姓名"]
    assert record.value("联系方式") == truth["联系方式"]
    assert record.values["姓名"].provenance.page == 1
    assert record.values["姓名"].provenance.bbox is not None
