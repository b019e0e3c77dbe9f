"""Seconds per page for text PDFs and scans, each against its floor in the same run.

Floors: pdfplumber opening the pages and extracting words (text PDFs); RapidOCR alone on
the same page images, whole page, once on onnxruntime and once on OpenVINO in the precision
ours uses (scans). Ours is the whole ``extract``: reader, assembly, flags; beside it, ours
with OpenVINO pinned to full precision (``KCZG_OCR_PRECISION=f32``). Targets for scans:
under 1 s a page on one core and under 0.25x RapidOCR's whole page on onnxruntime.

Usage: python -m bench.bench_pdf [--count 9] [--seed 5] [--cores N]
``--cores 1`` pins the process to one core before the OCR engine starts (the one-core
target for scans); ``--cores 2`` to two, where every runtime (ours, and both floors) runs
its networks on two threads, so the three are compared on the same cores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
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


def _timed(work: Callable[..., object], *args: Any) -> float:
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def _each(ocr: Callable[[Any], object], images: list[Any]) -> None:
    for image in images:
        ocr(image)


def _page_starts(paths: list[Path]) -> list[tuple[int, int]]:
    """Each file's first and past-last index in the list of all their page images."""
    spans, start = [], 0
    for path in paths:
        count = len(pdfium.PdfDocument(path))
        spans.append((start, start + count))
        start += count
    return spans


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=9)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--cores", type=int, default=0, help="pin to this many cores")
    args = parser.parse_args()
    if args.cores:
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.cores]))

    from extractor.api import extract
    from extractor.scan.engine import PRECISION_ENV, engine
    from samples.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        infos = generate(Path(tmp), args.count, args.seed, formats=("docx", "pdf", "scan"))
        pdfs = [info.files["pdf"] for info in infos]
        scans = [info.files["scan"] for info in infos]
        pdf_pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
        images = page_images(scans)
        extract(pdfs[0])
        onnx, openvino = engine("onnxruntime").ocr, engine("openvino").ocr
        onnx(images[0]), openvino(images[0])  # warm-up: imports, model sessions
        extract(scans[0])
        os.environ[PRECISION_ENV] = "f32"
        extract(scans[0])  # warm-up of the full-precision engine
        del os.environ[PRECISION_ENV]
        pdf_floor_s = best_of(3, lambda: pdf_floor(pdfs))
        pdf_ours_s = best_of(3, lambda: [extract(p) for p in pdfs])
        # Interleaved, so that other load on the machine falls on all three alike.
        onnx_s = openvino_s = ours_s = full_s = 0.0
        for scan, (first, end) in zip(scans, _page_starts(scans), strict=True):
            own = images[first:end]
            onnx_s += _timed(_each, onnx, own)
            openvino_s += _timed(_each, openvino, own)
            ours_s += _timed(extract, scan)
            os.environ[PRECISION_ENV] = "f32"
            full_s += _timed(extract, scan)
            del os.environ[PRECISION_ENV]
    pages = len(images)
    report(
        "pdf_and_scan",
        {
            "cores": len(os.sched_getaffinity(0)),
            "text pdf pages": pdf_pages,
            "text pdf floor s/page": pdf_floor_s / pdf_pages,
            "text pdf extract s/page": pdf_ours_s / pdf_pages,
            "text pdf ratio to floor": pdf_ours_s / pdf_floor_s,
            "scan pages": pages,
            "scan engine": f"{engine().name} {engine().precision}",
            "scan RapidOCR whole page, onnxruntime s/page": onnx_s / pages,
            "scan RapidOCR whole page, OpenVINO s/page": openvino_s / pages,
            "scan extract s/page": ours_s / pages,
            "scan ratio to onnxruntime whole page": ours_s / onnx_s,
            "scan ratio to OpenVINO whole page": ours_s / openvino_s,
            "scan extract in f32 s/page": full_s / pages,
            "scan extract in f32, ratio to onnxruntime whole page": full_s / onnx_s,
        },
    )


if __name__ == "__main__":
    main()
