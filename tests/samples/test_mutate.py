"""The mutation harness: forms re-typed by other hands, with their truth kept."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from docx import Document

import samples.mutate
from samples.mutate import FAMILIES, mutate

CHECKED_IN = Path(__file__).resolve().parents[2] / "samples" / "checked_in"
RISING = CHECKED_IN / "001-2022-rising_company-faithful.docx"
ENTREPRENEUR = CHECKED_IN / "003-2022-entrepreneur-faithful.docx"


def _truth(docx: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(docx.with_suffix(".truth.json").read_text("utf-8"))
    return data


def _cells(docx: Path) -> list[str]:
    document = Document(str(docx))
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def test_the_harness_does_not_use_the_generators_layout_code() -> None:
    package = Path(samples.mutate.__file__).parent
    imported = set()
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not [m for m in imported if m.startswith(("samples.layouts", "samples.generate", "extractor"))]


def test_the_same_seed_writes_the_same_form(tmp_path: Path) -> None:
    first = mutate(RISING, _truth(RISING), tmp_path / "a.docx", seed=5)
    second = mutate(RISING, _truth(RISING), tmp_path / "b.docx", seed=5)
    assert _cells(first.docx) == _cells(second.docx)
    assert first.truth == second.truth


def test_year_headers_are_rewritten_and_the_values_kept(tmp_path: Path) -> None:
    mutated = mutate(RISING, _truth(RISING), tmp_path / "m.docx", seed=1, families=("year_headers",))
    before, after = _cells(RISING), _cells(mutated.docx)
    assert "2020年" in before and "2020年" not in after
    assert mutated.truth["values"] == _truth(RISING)["values"]
    assert mutated.truth["meta"]["mutations"]["families"] == ["year_headers"]


def test_a_half_year_header_is_written_another_way(tmp_path: Path) -> None:
    mutated = mutate(
        ENTREPRENEUR, _truth(ENTREPRENEUR), tmp_path / "m.docx", seed=2, families=("year_headers",)
    )
    assert "2022年1-6月" not in _cells(mutated.docx)


def test_a_month_date_changes_the_truth_to_the_month(tmp_path: Path) -> None:
    truth = _truth(RISING)
    for seed in range(10):
        mutated = mutate(RISING, truth, tmp_path / f"{seed}.docx", seed=seed, families=("month_dates",))
        if mutated.edits["month_dates"]:
            break
    assert mutated.edits["month_dates"] == ("企业工商登记日期",)
    written = mutated.truth["values"]["企业工商登记日期"]
    assert written == truth["values"]["企业工商登记日期"][:7]  # type: ignore[index]


def test_a_field_carrying_a_defect_keeps_its_writing(tmp_path: Path) -> None:
    defective = [
        p for p in sorted(CHECKED_IN.glob("*.docx")) if _truth(p)["flags"]
    ]
    assert defective
    for docx in defective:
        truth = _truth(docx)
        flagged = {str(f["field"]) for f in truth["flags"]}  # type: ignore[attr-defined]
        mutated = mutate(docx, truth, tmp_path / docx.name, seed=3, families=("units", "notes"))
        rewritten = {n for names in mutated.edits.values() for n in names}
        assert not rewritten & flagged, docx.name


def test_an_unknown_family_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown habit families"):
        mutate(RISING, _truth(RISING), tmp_path / "m.docx", seed=1, families=("typos",))


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_rewrites_something_on_the_checked_in_set(
    tmp_path: Path, family: str
) -> None:
    def rewritten(form: Path) -> tuple[str, ...]:
        out = tmp_path / form.name
        return mutate(form, _truth(form), out, seed=4, families=(family,)).edits[family]

    assert any(rewritten(form) for form in sorted(CHECKED_IN.glob("*.docx")))
