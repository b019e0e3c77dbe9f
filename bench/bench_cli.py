"""How fast ``kczg --help`` answers, against the interpreter starting and importing typer.

Usage: python -m bench.bench_cli [--runs 15]
Target: under 0.3 s; the floor shows what no CLI built on typer can go below.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bench.common import best_of, report

KCZG = Path(sys.executable).with_name("kczg")


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    floor = best_of(args.runs, lambda: _run([sys.executable, "-c", "import typer.main"]))
    ours = best_of(args.runs, lambda: _run([str(KCZG), "--help"]))
    report(
        "cli",
        {
            "kczg --help, s": ours,
            "python + import typer, s": floor,
            "ratio": ours / floor,
            "target s": 0.3,
        },
    )


if __name__ == "__main__":
    main()
