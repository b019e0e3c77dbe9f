"""Field accuracy per format and layout, flag recall, and scans' long-text character accuracy,
on a freshly generated set.

Usage: python -m bench.accuracy [--count 108] [--seed 2026] [--formats docx,pdf,doc,scan]
[--jobs 2] [--mutated]. Forms are read by ``--jobs`` processes at once (scans are the slow
part). With ``--mutated``: the same set re-typed with other hands' habits (``bench.mutated``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import report
from extractor.api import extract
from extractor.errors import ExtractionError
from samples.generate import generate
from samples.score import Score, aggregate, normalise_text, score

#: Formats read by OCR, whose long-text character accuracy is measured.
SCANNED = ("scan",)
#: Long text: what "character accuracy" is measured on.
LONG = 100


def char_accuracy(truth: dict[str, Any], flat: dict[str, Any]) -> tuple[int, float]:
    """Characters of the long texts, and how many of them were read right (edit matching)."""
    total = matched = 0.0
    for name, expected in truth["values"].items():
        if isinstance(expected, str) and len(expected) >= LONG:
            got = flat["values"].get(name)
            a = normalise_text(expected)
            b = normalise_text(got) if isinstance(got, str) else ""
            blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
            total += len(a)
            matched += sum(block.size for block in blocks)
    return int(total), matched


def _read_one(path: str, truth_path: str) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    truth = json.loads(Path(truth_path).read_text("utf-8"))
    try:
        return extract(Path(path)).flat(), truth, None
    except ExtractionError as err:
        return {}, truth, str(err)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=108)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--formats", default="docx,pdf,doc,scan")
    parser.add_argument("--mutated", action="store_true", help="forms re-typed by other hands")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.mutated:
        from bench.mutated import measure, rows

        report("accuracy-mutated", rows(measure(args.count, args.seed)))
        return
    formats = [f for f in args.formats.split(",") if f]
    scores: list[Score] = []
    chars = matched = 0.0
    failures: list[str] = []
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        infos = generate(Path(tmp), args.count, args.seed, formats=("docx", *formats))
        for fmt in formats:
            start = time.perf_counter()
            jobs = [(str(info.files[fmt]), str(info.truth)) for info in infos]
            with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
                results = pool.starmap(_read_one, jobs)
            for flat, truth, error in results:
                if error is not None:
                    failures.append(error)
                    continue
                scores.append(score(flat, truth, fmt))
                if fmt in SCANNED:
                    n, m = char_accuracy(truth, flat)
                    chars, matched = chars + n, matched + m
            seconds[fmt] = (time.perf_counter() - start) / len(infos)
    summary = aggregate(scores)
    rows: dict[str, Any] = {"forms": args.count, "seed": args.seed, "failures": len(failures)}
    for fmt, numbers in summary["by_format"].items():
        rows[f"{fmt}: field accuracy"] = numbers["field_accuracy"]
        rows[f"{fmt}: flag recall"] = numbers["flag_recall"]
        rows[f"{fmt}: clean forms with error flags"] = numbers["clean_samples_with_error_flags"]
        rows[f"{fmt}: seconds per form"] = seconds[fmt]
    for fmt in formats:
        of_format = aggregate([s for s in scores if s.format == fmt])["by_layout"]
        for layout, numbers in of_format.items():
            recall = numbers["flag_recall"]
            shown = "-" if recall is None else f"{recall:.3f}"
            rows[f"{fmt} {layout}: field accuracy / flag recall"] = (
                f"{numbers['field_accuracy']:.4f} / {shown}"
            )
    if chars:
        rows["scan: long-text character accuracy"] = matched / chars
    report("accuracy", rows)
    for failure in failures:
        print("failed:", failure)


if __name__ == "__main__":
    main()
