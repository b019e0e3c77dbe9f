"""Field accuracy per format and layout, flag recall, error flags per clean form, and the
pictures' long-text character accuracy, on a freshly generated set.

Usage: python -m bench.accuracy [--count 108] [--seed 2026]
[--formats docx,pdf,doc,scan,photo,copy] [--jobs 2] [--worst 8] [--mutated]. The pictures of a
form are three formats, each measured alone: ``scan`` (a flatbed scan), ``photo`` (a phone
photo: colour, perspective, uneven light, a red seal) and ``copy`` (an office copy: grey,
dark, speckled, the seal copied grey). Forms are read by ``--jobs`` processes at once
(pictures are the slow part). ``--worst N`` lists each picture format's N most often wrong
fields with what was expected and read, and every format's error flags on clean forms by
code and field. With ``--mutated``: the same set re-typed with other
hands' habits (``bench.mutated``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.common import report
from extractor.api import extract
from extractor.errors import ExtractionError
from samples.generate import PICTURES, generate
from samples.score import FieldDiff, Score, aggregate, normalise_text, score

#: Formats read by OCR, whose long-text character accuracy is measured.
SCANNED = PICTURES
#: Examples shown of each of the worst fields; of a text longer than SHORT, only where it
#: first differs, with CONTEXT characters either side.
EXAMPLES = 3
SHORT, CONTEXT = 40, 8
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


def worst_fields(scores: list[Score], count: int) -> dict[str, list[str]]:
    """Per picture format, its ``count`` most often wrong fields (a list table's cells by
    their column), each with how often and a few examples of expected -> read."""
    out: dict[str, list[str]] = {}
    for fmt in SCANNED:
        wrong: dict[str, list[FieldDiff]] = defaultdict(list)
        for item in (s for s in scores if s.format == fmt):
            for diff in item.mismatches:
                wrong[_column(diff.name)].append(diff)
        ranked = Counter({name: len(diffs) for name, diffs in wrong.items()}).most_common(count)
        if ranked:
            out[fmt] = [
                f"{name} x{n}: "
                + "; ".join(_difference(d.expected, d.got) for d in wrong[name][:EXAMPLES])
                for name, n in ranked
            ]
    return out


def false_errors(scores: list[Score]) -> dict[str, list[str]]:
    """Per format, the error flags put on clean forms, by code and field, most often first:
    what a reviewer of a correct form would be asked to look at for nothing."""
    out: dict[str, list[str]] = {}
    for fmt in dict.fromkeys(s.format for s in scores):
        counted = Counter(
            f"{code} {_column(name)}"
            for item in scores
            if item.format == fmt and item.clean
            for name, code in item.false_error_flags
        )
        if counted:
            out[fmt] = [f"{flag} x{n}" for flag, n in counted.most_common()]
    return out


def _difference(expected: Any, got: Any) -> str:
    """``expected -> got``; of two long texts only where they first differ, with context."""
    if not (isinstance(expected, str) and isinstance(got, str) and len(expected) > SHORT):
        return f"{expected!r} -> {got!r}"
    # Compared as scored: whitespace the score ignores is no difference.
    expected, got = normalise_text(expected), normalise_text(got)
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    _, i1, i2, j1, j2 = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    a, b = max(0, i1 - CONTEXT), max(0, j1 - CONTEXT)
    return f"…{expected[a : i2 + CONTEXT]!r} -> …{got[b : j2 + CONTEXT]!r}"


def _column(name: str) -> str:
    """``label[3].sub`` -> ``label[].sub``: a list table's rows are one field to rank."""
    head, _, rest = name.partition("[")
    return f"{head}[]{rest.partition(']')[2]}" if rest else name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=108)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--formats", default=None, help="default docx,pdf,doc,scan; none with --mutated"
    )
    parser.add_argument("--mutated", action="store_true", help="forms re-typed by other hands")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--worst", type=int, default=8, help="worst fields shown per picture")
    args = parser.parse_args()
    if args.mutated:
        from bench import mutated

        rendered = [f for f in (args.formats or "").split(",") if f and f != "docx"]
        measured = mutated.measure(args.count, args.seed, formats=rendered, jobs=args.jobs)
        report("accuracy-mutated", mutated.rows(measured))
        return
    formats = [f for f in (args.formats or "docx,pdf,doc,scan").split(",") if f]
    scores: list[Score] = []
    chars: dict[str, float] = defaultdict(float)
    matched: dict[str, float] = defaultdict(float)
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
                    chars[fmt] += n
                    matched[fmt] += m
            seconds[fmt] = (time.perf_counter() - start) / len(infos)
    summary = aggregate(scores)
    rows: dict[str, Any] = {"forms": args.count, "seed": args.seed, "failures": len(failures)}
    for fmt, numbers in summary["by_format"].items():
        clean = [s for s in scores if s.format == fmt and s.clean]
        rows[f"{fmt}: field accuracy"] = numbers["field_accuracy"]
        rows[f"{fmt}: flag recall"] = numbers["flag_recall"]
        rows[f"{fmt}: clean forms with error flags"] = numbers["clean_samples_with_error_flags"]
        rows[f"{fmt}: error flags per clean form"] = (
            sum(len(s.false_error_flags) for s in clean) / len(clean) if clean else None
        )
        if chars[fmt]:
            rows[f"{fmt}: long-text character accuracy"] = matched[fmt] / chars[fmt]
        rows[f"{fmt}: seconds per form"] = seconds[fmt]
    for fmt in formats:
        of_format = aggregate([s for s in scores if s.format == fmt])["by_layout"]
        for layout, numbers in of_format.items():
            recall = numbers["flag_recall"]
            shown = "-" if recall is None else f"{recall:.3f}"
            rows[f"{fmt} {layout}: field accuracy / flag recall"] = (
                f"{numbers['field_accuracy']:.4f} / {shown}"
            )
    worst = worst_fields(scores, args.worst)
    rows["worst fields"] = worst
    errors = false_errors(scores)
    rows["error flags on clean forms"] = errors
    report("accuracy", rows)
    for title, listed in (("worst fields", worst), ("error flags on clean forms", errors)):
        for fmt, lines in listed.items():
            print(f"{title}, {fmt}:")
            for line in lines:
                print("  " + line)
    for failure in failures:
        print("failed:", failure)


if __name__ == "__main__":
    main()
