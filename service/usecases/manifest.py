"""The manifest CSV: which recommending units and channels each file comes with.

Columns ``file,units,channels`` (``channels`` optional); several units or channels in
one cell are split by ``;``, ``；`` or ``、``. ``kczg check --manifest`` and
``kczg ingest --manifest`` read it the same way.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from schemas.errors import ErrorKind, KczgError

__all__ = ["Assignment", "ManifestError", "assignment_for", "read_manifest", "split_names"]

_SPLIT = re.compile(r"[;；、]")


class ManifestError(KczgError):
    """A manifest that cannot be used; names the file and the row."""

    kind = ErrorKind.INVALID


@dataclass(frozen=True)
class Assignment:
    """The recommending units and channels a manifest names for one file."""

    units: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


def split_names(text: str | None) -> tuple[str, ...]:
    """Several names in one cell, split by ; ； or 、."""
    return tuple(part.strip() for part in _SPLIT.split(text or "") if part.strip())


def read_manifest(path: Path) -> dict[Path, Assignment]:
    """The manifest keyed by each file's resolved path (relative to the manifest's folder)."""
    source = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(
            f"无法读取清单（cannot read the manifest: {exc}）", source=source
        ) from None
    if not rows or not {"file", "units"} <= set(rows[0][1]):
        raise ManifestError(
            "清单须有 file、units（及 channels）列（needs columns file, units）", source=source
        )
    manifest: dict[Path, Assignment] = {}
    for number, row in rows:
        name = (row.get("file") or "").strip()
        if not name:
            raise ManifestError(
                f"第 {number} 行：file 为空（row {number}: empty file）", source=source
            )
        target = (path.parent / name).resolve()
        manifest[target] = Assignment(
            split_names(row.get("units")), split_names(row.get("channels"))
        )
    return manifest


def assignment_for(manifest: dict[Path, Assignment], *, path: Path | None, name: str) -> Assignment:
    """The row for a file: by its path, else by its base name if only one row has it."""
    if path is not None and (found := manifest.get(path.resolve())) is not None:
        return found
    base = re.split(r"[/\\!]", name)[-1]
    by_name = [a for p, a in manifest.items() if p.name == base]
    return by_name[0] if len(by_name) == 1 else Assignment()
