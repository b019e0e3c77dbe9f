"""Forms re-typed by other hands (``samples.mutate``): read as well as the originals.

Every form and edition, each habit family alone and all of them mixed, on the checked-in
samples and on a freshly generated set: the values read, no error charged to a correct
form, and no text left unread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.api import extract
from samples.generate import generate
from samples.mutate import FAMILIES, mutate
from samples.score import Score, aggregate, score

CHECKED_IN = Path(__file__).resolve().parents[2] / "samples" / "checked_in"
#: Seeds of the mutations here; bench.accuracy measures on others.
SEED = 8100


def _truths(pairs: list[tuple[Path, Path]]) -> list[tuple[Path, dict[str, Any]]]:
    return [(form, json.loads(truth.read_text("utf-8"))) for form, truth in pairs]


def _checked_in() -> list[tuple[Path, dict[str, Any]]]:
    forms = sorted(CHECKED_IN.glob("*.docx"))
    return _truths([(f, f.with_suffix(".truth.json")) for f in forms])


def _read(
    forms: list[tuple[Path, dict[str, Any]]], out: Path, families: tuple[str, ...] | None
) -> list[tuple[Score, int, dict[str, tuple[str, ...]]]]:
    results = []
    for number, (form, truth) in enumerate(forms):
        target = out / f"{number:03d}-{'-'.join(families or ('mix',))}.docx"
        mutated = mutate(form, truth, target, seed=SEED + number, families=families)
        record = extract(mutated.docx)
        results.append((score(record.flat(), mutated.truth), len(record.unread_text), mutated.edits))
    return results


@pytest.fixture(scope="module")
def each_family(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """Each family alone on one sample of every form and edition (the first nine)."""
    firsts = _checked_in()[:9]
    out = tmp_path_factory.mktemp("families")
    return {family: _read(firsts, out, (family,)) for family in FAMILIES}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """A random mix of families on every checked-in sample and on a fresh set."""
    fresh_dir = tmp_path_factory.mktemp("fresh")
    infos = generate(fresh_dir, 18, seed=83)
    fresh = _truths([(info.files["docx"], info.truth) for info in infos])
    return _read(_checked_in() + fresh, tmp_path_factory.mktemp("mixed"), None)


def test_the_first_nine_samples_are_every_form_and_edition() -> None:
    names = {json.dumps([t["form"], t["edition"]]) for _, t in _checked_in()[:9]}
    assert len(names) == 9


@pytest.mark.parametrize("family", FAMILIES)
def test_each_habit_family_reads_as_the_original(
    each_family: dict[str, list[Any]], family: str
) -> None:
    results = each_family[family]
    rewritten = {name for _, _, edits in results for name in edits[family]}
    # The habit was really applied somewhere, or this test would prove nothing.
    assert rewritten, family
    summary = aggregate([s for s, _, _ in results])["overall"]
    assert summary["field_accuracy"] >= 0.99, [
        (s.form, s.mismatches[:3]) for s, _, _ in results if s.mismatches
    ]
    assert [(s.form, s.false_error_flags) for s, _, _ in results if s.false_error_flags] == []
    assert [(s.form, n) for s, n, _ in results if n] == []


def test_mixed_habits_read_every_field(mixed: list[Any]) -> None:
    summary = aggregate([s for s, _, _ in mixed])["overall"]
    assert summary["samples"] == 45
    assert summary["field_accuracy"] >= 0.99, [
        (s.form, s.layout, s.mismatches[:3]) for s, _, _ in mixed if s.mismatches
    ]


def test_mixed_habits_keep_every_defect_and_charge_no_false_error(mixed: list[Any]) -> None:
    scores = [s for s, _, _ in mixed]
    assert aggregate(scores)["overall"]["flags_expected"] >= 10
    assert [(s.form, s.layout, s.missed_flags) for s in scores if s.missed_flags] == []
    assert [(s.form, s.layout, s.false_error_flags) for s in scores if s.false_error_flags] == []


def test_mixed_habits_leave_no_text_unread(mixed: list[Any]) -> None:
    assert [(s.form, s.layout, n) for s, n, _ in mixed if n] == []
