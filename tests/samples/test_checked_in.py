"""The checked-in samples are exactly what the README's command writes."""

from __future__ import annotations

from pathlib import Path

from samples.generate import generate

CHECKED_IN = Path(__file__).resolve().parents[2] / "samples" / "checked_in"


def test_checked_in_samples_reproduce(tmp_path: Path) -> None:
    generate(tmp_path, 27, 2022)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in CHECKED_IN.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (CHECKED_IN / name).read_bytes(), name


def test_checked_in_set_has_every_layout_and_defect() -> None:
    manifest = (CHECKED_IN / "manifest.csv").read_text("utf-8").splitlines()[1:]
    layouts = {line.split(",")[3] for line in manifest}
    defects = {code for line in manifest for code in line.split(",")[4].split()}
    assert len(manifest) == 27
    assert len(layouts) == 11
    assert len(defects) == 10
