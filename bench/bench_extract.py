"""Forms per second for ``extract`` on .docx, against python-docx reading every cell.

Usage: python -m bench.bench_extract [--count 45] [--seed 7]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import docx

from bench.common import best_of, report
from extractor.api import extract
from samples.generate import generate


def floor(paths: list[Path]) -> None:
    """python-docx opening each file and reading every cell's text, nested tables too."""
    for path in paths:
        document = docx.Document(str(path))
        stack = list(document.tables)
        while stack:
            table = stack.pop()
            for row in table.rows:
                for cell in row.cells:
                    _ = cell.text
                    stack.extend(cell.tables)


def ours(paths: list[Path]) -> None:
    for path in paths:
        extract(path)


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory of a fresh process extracting one form.

    Read from VmHWM: getrusage's ru_maxrss survives exec and would report this process's
    own peak, inherited at fork."""
    code = (
        "import sys; from pathlib import Path; from extractor.api import extract; "
        "extract(Path(sys.argv[1])); "
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=45)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        infos = generate(Path(tmp), args.count, args.seed)
        paths = sorted(Path(tmp).glob("*.docx"))
        ours(paths[:2])  # warm-up: imports, jieba's dictionary
        floor_s = best_of(3, lambda: floor(paths))
        ours_s = best_of(3, lambda: ours(paths))
        report(
            "extract_docx",
            {
                "forms": len(infos),
                "floor_forms_per_s": len(paths) / floor_s,
                "extract_forms_per_s": len(paths) / ours_s,
                "ratio_to_floor": ours_s / floor_s,
                "peak_rss_mb_one_form": max(peak_rss_mb(path) for path in paths[:9]),
            },
        )


if __name__ == "__main__":
    main()
