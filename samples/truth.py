"""The ground truth of a sample: its values in the ``--flat`` shape, flags and meta."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.catalogue import FormSpec
from schemas.record import FlatValue


@dataclass(frozen=True)
class ExpectedFlag:
    field: str
    code: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code}


def ordered(form: FormSpec, values: dict[str, FlatValue]) -> dict[str, FlatValue]:
    """Values in catalogue order, so that truth files read like the form."""
    names = [name for spec in form.fields for name in spec.flat_names()]
    known = {name: values[name] for name in names if name in values}
    extra = {name: value for name, value in values.items() if name not in known}
    if extra:
        raise ValueError(f"values outside the {form.list} catalogue: {sorted(extra)}")
    return known


def truth_document(
    form: FormSpec,
    edition: int,
    values: dict[str, FlatValue],
    flags: list[ExpectedFlag],
    meta: dict[str, Any],
) -> dict[str, Any]:
    return {
        "form": form.list,
        "edition": edition,
        "values": ordered(form, values),
        "flags": [flag.as_dict() for flag in flags],
        "meta": meta,
    }


def write_truth(path: Path, truth: dict[str, Any]) -> Path:
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
