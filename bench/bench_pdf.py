"""Seconds per page for text PDFs and scans, each against its floor in the same run.

Floors: pdfplumber opening the pages and extracting words (text PDFs); RapidOCR alone on
the same page images (scans). Ours is the whole ``extract``: reader, assembly, flags.

Usage: python -m bench.bench_pdf [--count 9] [--seed 5] [--cores N]
``--cores 1`` pins the process to one core before the OCR engine starts (the one-core
target for scans).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium

from bench.common import best_of, report

#: The resolution scans are rendered and read at (as the reader does).
DPI = 150


def pdf_floor(paths: list[Path]) -> None:
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()


def page_images(paths: list[Path]) -> list[Any]:
    images = []
    for path in paths:
        document = pdfium.PdfDocument(path)
        for page in document:
            bitmap = page.render(scale=DPI / 72, grayscale=True).to_numpy()
            images.append(np.ascontiguousarray(np.dstack([bitmap] * 3)))
        document.close()
    return images


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=9)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--cores", type=int, default=0, help="pin to this many cores")
    args = parser.parse_args()
    if args.cores:
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.cores]))

    from extractor.api import extract
    from extractor.scan.ocr import engine
    from samples.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        infos = generate(Path(tmp), args.count, args.seed, formats=("docx", "pdf", "scan"))
        pdfs = [info.files["pdf"] for info in infos]
        scans = [info.files["scan"] for info in infos]
        pdf_pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
        images = page_images(scans)
        extract(pdfs[0])
        engine()(images[0])  # warm-up: imports, model sessions
        pdf_floor_s = best_of(3, lambda: pdf_floor(pdfs))
        pdf_ours_s = best_of(3, lambda: [extract(p) for p in pdfs])
        scan_floor_s = best_of(1, lambda: [engine()(image) for image in images])
        scan_ours_s = best_of(1, lambda: [extract(p) for p in scans])
    report(
        "pdf_and_scan",
        {
            "cores": len(os.sched_getaffinity(0)),
            "text pdf pages": pdf_pages,
            "text pdf floor s/page": pdf_floor_s / pdf_pages,
            "text pdf extract s/page": pdf_ours_s / pdf_pages,
            "text pdf ratio to floor": pdf_ours_s / pdf_floor_s,
            "scan pages": len(images),
            "scan floor (RapidOCR alone) s/page": scan_floor_s / len(images),
            "scan extract s/page": scan_ours_s / len(images),
            "scan ratio to floor": scan_ours_s / scan_floor_s,
        },
    )


if __name__ == "__main__":
    main()
