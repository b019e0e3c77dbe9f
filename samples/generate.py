"""Filled forms with ground truth: ``generate(out, count, seed)``.

Samples cycle through every form of every edition with forms; for each form the
layouts go faithful, variant, variant, faithful (then again), so that half of a long
run is faithful and the first 27 samples are one faithful and two variants of each of
the nine forms. A share of the samples carries defects (see ``samples.defects``).
Everything is derived from ``seed`` and the sample's number: the same call writes
the same files.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from random import Random

from samples import defects
from samples.docx_writer import write_docx
from samples.formats import Formatter, Varied, plain
from samples.layouts import faithful
from samples.layouts.registry import FAITHFUL, variant, variants_for
from samples.truth import truth_document, write_truth
from samples.values import make_values
from schemas.catalogue import FormSpec, catalogue, form_editions

FORMATS = ("docx", "pdf", "scan", "photo", "copy", "doc")
#: Formats made from the PDF as pictures of its pages: a flatbed scan, a phone photo, an
#: office copy.
PICTURES = ("scan", "photo", "copy")
#: Share of samples that get defects; of those, a quarter get two.
DEFECT_SHARE = 0.4
TWO_DEFECTS_SHARE = 0.25
#: Position in a form's cycle -> faithful (True) or a variant.
CYCLE = (True, False, False, True)


class BadSampleRequest(ValueError):
    """Arguments generate() cannot work with; the message says what is wrong."""


@dataclass(frozen=True)
class SampleInfo:
    id: str
    form: str
    edition: int
    layout: str
    defects: tuple[str, ...]
    truth: Path
    files: dict[str, Path] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    index: int
    form: FormSpec
    edition: int
    layout: str
    defects: tuple[str, ...] = ()


def all_forms() -> list[tuple[int, FormSpec]]:
    return [(edition, form) for edition in form_editions() for form in catalogue(edition).forms]


def plan(count: int) -> list[Plan]:
    """Which form and layout each of ``count`` samples gets."""
    forms = all_forms()
    plans = []
    for index in range(count):
        slot, turn = index % len(forms), index // len(forms)
        edition, form = forms[slot]
        layout = FAITHFUL
        if not CYCLE[turn % len(CYCLE)]:
            options = variants_for(form)
            previous = sum(1 for t in range(turn) if not CYCLE[t % len(CYCLE)])
            if options:
                layout = options[(previous + slot) % len(options)].name
        plans.append(Plan(index, form, edition, layout))
    return plans


def sample_id(item: Plan) -> str:
    return f"{item.index:03d}-{item.edition}-{item.form.key}-{item.layout}"


@cache
def defect_codes_for(form: FormSpec, edition: int) -> tuple[str, ...]:
    """Defects the form can carry (judged on one clean filling of it)."""
    values = make_values(form, edition, Random(0))
    return tuple(defects.applicable(form, edition, values))


def assign_defects(plans: list[Plan], seed: int) -> list[Plan]:
    """Give a share of the samples one or two defects, the least used ones first.

    Preferring the codes used least so far makes a short run show every defect its
    forms can carry, instead of mostly the ones every form has.
    """
    rng = Random(f"kczg-defects:{seed}")
    used: Counter[str] = Counter()
    out = []
    for item in plans:
        codes: list[str] = []
        if rng.random() < DEFECT_SHARE:
            pool = list(defect_codes_for(item.form, item.edition))
            count = 2 if rng.random() < TWO_DEFECTS_SHARE else 1
            rng.shuffle(pool)
            codes = sorted(pool, key=lambda code: used[code])[:count]
            used.update(codes)
        out.append(replace(item, defects=tuple(codes)))
    return out


def make_sample(
    out: Path,
    item: Plan,
    seed: int,
    formats: Sequence[str] = ("docx",),
    defect_codes: Sequence[str] | None = None,
) -> SampleInfo:
    """One sample: values, defects, layout, files, truth; ``defect_codes`` overrides the plan's."""
    rng = Random(f"kczg-samples:{seed}:{item.index}")
    values = make_values(item.form, item.edition, rng)
    wanted = list(item.defects if defect_codes is None else defect_codes)
    codes, flags = defects.place(wanted, item.form, item.edition, values, rng)
    doc = faithful.build(item.form, values)
    if item.layout != FAITHFUL:
        variant(item.layout).apply(doc, item.form, rng)
    formatter: Formatter = Varied(rng) if doc.formatter == "varied" else plain
    ident = sample_id(item)
    docx = write_docx(doc, out / f"{ident}.docx", formatter, rng.randint(0, 2**31))
    files = {kind: out / name for kind, name in file_names(ident, formats).items()}
    meta = {
        "layout": item.layout,
        "defects": codes,
        "seed": seed,
        "files": {kind: path.name for kind, path in files.items()},
    }
    truth = truth_document(item.form, item.edition, values, flags, meta)
    truth_path = write_truth(out / f"{ident}.truth.json", truth)
    files["docx"] = docx
    return SampleInfo(
        ident, item.form.list, item.edition, item.layout, tuple(codes), truth_path, files
    )


def file_names(ident: str, formats: Sequence[str]) -> dict[str, str]:
    names = {
        "docx": f"{ident}.docx",
        "pdf": f"{ident}.pdf",
        "scan": f"{ident}.scan.pdf",
        "photo": f"{ident}.photo.pdf",
        "copy": f"{ident}.copy.pdf",
        "doc": f"{ident}.doc",
    }
    return {kind: name for kind, name in names.items() if kind in formats}


def render(infos: Sequence[SampleInfo], out: Path, formats: Sequence[str], seed: int) -> None:
    """PDFs in one LibreOffice run, then scans, photos and copies of them; a PDF made only
    for its pictures goes. Legacy .doc files in one more run."""
    from samples import render_pdf

    if "doc" in formats:
        render_pdf.to_docs([info.files["docx"] for info in infos], out)
    pictures = [kind for kind in PICTURES if kind in formats]
    if "pdf" not in formats and not pictures:
        return
    pdfs = render_pdf.to_pdfs([info.files["docx"] for info in infos], out)
    if not pictures:
        return
    from samples import render_scan

    for index, (info, pdf) in enumerate(zip(infos, pdfs, strict=True)):
        if "scan" in pictures:
            render_scan.to_scan(pdf, info.files["scan"], seed + index)
        for kind in pictures:
            if kind != "scan":
                render_scan.to_photo(pdf, info.files[kind], seed + index, kind=kind)
        if "pdf" not in formats:
            pdf.unlink()


def check_request(count: int, formats: Sequence[str]) -> None:
    if count < 1:
        raise BadSampleRequest(f"count must be at least 1, got {count}")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise BadSampleRequest(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    if "docx" not in formats:
        raise BadSampleRequest(
            "formats must include docx (pdf, scan, photo, copy and doc are made from it)"
        )


def generate(
    out: Path, count: int, seed: int, formats: Sequence[str] = ("docx",)
) -> list[SampleInfo]:
    """Write ``count`` samples and ``manifest.csv`` into ``out``."""
    check_request(count, formats)
    out.mkdir(parents=True, exist_ok=True)
    infos = [make_sample(out, item, seed, formats) for item in assign_defects(plan(count), seed)]
    render(infos, out, formats, seed)
    write_manifest(out / "manifest.csv", infos)
    return infos


def write_manifest(path: Path, infos: Sequence[SampleInfo]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "form", "edition", "layout", "defects", "files"])
        for info in infos:
            files = " ".join(path.name for path in info.files.values())
            writer.writerow(
                [info.id, info.form, info.edition, info.layout, " ".join(info.defects), files]
            )
