"""Peak memory of reading a long scan, each in a fresh process, against the floor.

The floor, measured in the same run: a fresh process that has imported the reader and built
the OCR engine (models loaded), and read nothing. The scans: a generated form's pages
repeated to ``--pages`` pages, as a flatbed scan (image-only PDF), as phone photos (colour
PDF) and as a 300 dpi colour TIFF of one frame a page, as an office scanner writes. Target:
under 1 GB peak for 20 pages, whatever the kind; the excess over the floor is one page's
working set, not one per page.

Usage: python -m bench.bench_scan_memory [--pages 20] [--seed 3] [--kinds scan,photo,tiff]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from bench.common import report
from samples.generate import SampleInfo, generate
from samples.render_scan import to_photo

#: What a fresh process does before it prints its peak (VmHWM, kB): with no file, only
#: build the engine; with one, also extract it (no time limit: the machine may be loaded).
_PROBE = """
import sys
from pathlib import Path
from extractor.api import extract
from extractor.scan.engine import engine
engine()
if len(sys.argv) > 1:
    extract(Path(sys.argv[1]), edition=int(sys.argv[2]), time_limit=1e9)
print(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1])
"""
KINDS = ("scan", "photo", "tiff")
#: A colour office scanner's resolution: twice the reader's, shrunk page by page.
TIFF_DPI = 300
LIMIT_MB = 1024


def peak_mb(*args: str) -> float:
    """Peak resident memory (MB) of a fresh process running the probe on ``args``.

    From VmHWM: getrusage's ru_maxrss survives exec and would report this process's own
    peak, inherited at fork."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def repeated_pdf(source: Path, pages: int, out: Path) -> Path:
    """An image-only PDF of ``source``'s pages over and over, ``pages`` long."""
    src, doc = pdfium.PdfDocument(source), pdfium.PdfDocument.new()
    try:
        while len(doc) < pages:
            doc.import_pages(src, list(range(min(len(src), pages - len(doc)))))
        doc.save(out)
    finally:
        doc.close()
        src.close()
    return out


def colour_tiff(pdf: Path, pages: int, out: Path) -> Path:
    """A multi-frame RGB TIFF of the PDF's pages at 300 dpi, repeated to ``pages`` frames."""
    doc = pdfium.PdfDocument(pdf)
    try:
        rendered = [page.render(scale=TIFF_DPI / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()
    frames = [rendered[i % len(rendered)] for i in range(pages)]
    frames[0].save(
        out,
        save_all=True,
        append_images=frames[1:],
        dpi=(TIFF_DPI, TIFF_DPI),
        compression="tiff_lzw",
    )
    return out


def page_count(path: Path) -> int:
    if path.suffix == ".tiff":
        with Image.open(path) as image:
            return int(getattr(image, "n_frames", 1))
    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def scans(info: SampleInfo, kinds: list[str], pages: int, tmp: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}
    if "scan" in kinds:
        made["scan"] = repeated_pdf(info.files["scan"], pages, tmp / "long.scan.pdf")
    if "photo" in kinds:
        photo = to_photo(info.files["pdf"], tmp / "photo.pdf", 3, kind="photo")
        made["photo"] = repeated_pdf(photo, pages, tmp / "long.photo.pdf")
    if "tiff" in kinds:
        made["tiff"] = colour_tiff(info.files["pdf"], pages, tmp / "long.tiff")
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(
            f"unknown kind(s) {', '.join(sorted(unknown))}; choose from {', '.join(KINDS)}"
        )
    rows: dict[str, object] = {"pages": args.pages}
    with tempfile.TemporaryDirectory() as tmp:
        (info,) = generate(Path(tmp), 1, args.seed, formats=("docx", "pdf", "scan"))
        made = scans(info, kinds, args.pages, Path(tmp))
        floor = peak_mb()
        rows["floor: engine built, nothing read (MB)"] = floor
        for kind, path in made.items():
            count = page_count(path)
            start = time.perf_counter()
            peak = peak_mb(str(path), str(info.edition))
            seconds = time.perf_counter() - start
            rows[f"{kind}: peak RSS, {count} pages (MB)"] = peak
            rows[f"{kind}: over the floor (MB)"] = peak - floor
            rows[f"{kind}: under {LIMIT_MB} MB"] = peak < LIMIT_MB
            rows[f"{kind}: s/page (this process, load included)"] = seconds / count
    report("scan_memory", rows)


if __name__ == "__main__":
    main()
