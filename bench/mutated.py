"""Field accuracy on forms re-typed with other hands' habits (``samples.mutate``).

Usage: python -m bench.accuracy --mutated [--count 108] [--seed 2026] [--formats pdf,scan]

A fresh set of ``count`` generated .docx forms is mutated with each habit family alone and
with a random mix of them (mutation seeds derived from ``seed``, none the tests use); the
checked-in samples are read as they are. Reported: field accuracy per family (over the
whole form and over the fields the family rewrote), overall; error flags per clean form;
unread-text entries per form. With ``--formats``, the mixed forms are also printed to PDF
(LibreOffice, not the reader's own renderer) and, from that, scanned, photographed and
copied as the generator's pictures are, and each of those is read and scored alike: the
readers of pages measured on layouts they were not shaped around.
"""

from __future__ import annotations

import json
import multiprocessing
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.api import extract
from samples.generate import generate
from samples.mutate import FAMILIES, Mutated, mutate
from samples.render_pdf import to_pdfs
from samples.render_scan import to_photo, to_scan
from samples.score import Score, aggregate, same_value, score

CHECKED_IN = Path(__file__).resolve().parents[1] / "samples" / "checked_in"


@dataclass(frozen=True)
class Read:
    score: Score
    unread: int
    #: (right, total) over the flat names the mutation rewrote.
    touched: tuple[int, int]


def _read(docx: Path, truth: dict[str, Any], touched: Sequence[str] = ()) -> Read:
    record = extract(docx)
    flat = record.flat()
    names = [n for n in touched if n in truth["values"]]
    right = sum(1 for n in names if same_value(truth["values"][n], flat["values"].get(n)))
    return Read(score(flat, truth), len(record.unread_text), (right, len(names)))


def _summary(reads: Sequence[Read]) -> dict[str, Any]:
    overall = aggregate([r.score for r in reads])["overall"]
    clean = [r for r in reads if r.score.clean]
    right = sum(r.touched[0] for r in reads)
    total = sum(r.touched[1] for r in reads)
    return {
        "forms": len(reads),
        "field accuracy": overall["field_accuracy"],
        "rewritten fields": total,
        "rewritten-field accuracy": right / total if total else None,
        "error flags per clean form": (
            sum(len(r.score.false_error_flags) for r in clean) / len(clean) if clean else None
        ),
        "flag recall": overall["flag_recall"],
        "unread text per form": sum(r.unread for r in reads) / len(reads) if reads else None,
    }


def _read_page_file(path: str, truth: dict[str, Any]) -> Read:
    return _read(Path(path), truth)


def _pictured(pdf: Path, fmt: str, out: Path, seed: int) -> Path:
    target = out / fmt / f"{pdf.stem}.pdf"
    target.parent.mkdir(exist_ok=True)
    if fmt == "scan":
        return to_scan(pdf, target, seed)
    return to_photo(pdf, target, seed, kind=fmt)


def measure_rendered(
    mixed: Sequence[Mutated], formats: Sequence[str], out: Path, *, seed: int, jobs: int
) -> dict[str, dict[str, Any]]:
    """The mixed forms printed to PDF, and pictured from it, read and scored per format."""
    numbered = list(enumerate(to_pdfs([m.docx for m in mixed], out / "pdf")))
    results: dict[str, dict[str, Any]] = {}
    for fmt in formats:
        files = [pdf if fmt == "pdf" else _pictured(pdf, fmt, out, seed + n) for n, pdf in numbered]
        work = [(str(f), m.truth) for f, m in zip(files, mixed, strict=True)]
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            reads = pool.starmap(_read_page_file, work)
        results[f"all families mixed, {fmt}"] = _summary(reads)
    return results


def measure(
    count: int, seed: int, *, formats: Sequence[str] = (), jobs: int = 2
) -> dict[str, dict[str, Any]]:
    """Per family, the mix (and its renderings in ``formats``), and the checked-in samples
    as they are."""
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        infos = generate(out / "forms", count, seed)
        forms = [(i.files["docx"], json.loads(i.truth.read_text("utf-8"))) for i in infos]
        for family in (*FAMILIES, None):
            reads = []
            mixed = []
            for number, (docx, truth) in enumerate(forms):
                name = family or "mix"
                target = out / f"{number:04d}-{name}.docx"
                families = (family,) if family else None
                mutated = mutate(docx, truth, target, seed=seed * 1000 + number, families=families)
                touched = [n for names in mutated.edits.values() for n in names]
                reads.append(_read(mutated.docx, mutated.truth, touched))
                mixed.append(mutated)
            results[family or "all families mixed"] = _summary(reads)
        if formats:
            results.update(measure_rendered(mixed, formats, out, seed=seed, jobs=jobs))
    checked_in = [
        _read(docx, json.loads(docx.with_suffix(".truth.json").read_text("utf-8")))
        for docx in sorted(CHECKED_IN.glob("*.docx"))
    ]
    results["checked-in samples, not mutated"] = _summary(checked_in)
    return results


def rows(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for group, numbers in results.items():
        for key, value in numbers.items():
            flat[f"{group}: {key}"] = "-" if value is None else value
    return flat


__all__ = ["measure", "measure_rendered", "rows"]
