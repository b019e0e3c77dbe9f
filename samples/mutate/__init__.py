"""Any filled .docx re-typed with the habits of other hands, and its truth kept.

``mutate(docx, truth, out, seed=..., families=...)`` rewrites the document the way a person
re-typing the form would (``samples.mutate.habits``), never through the generator's layout
code, so that it works on any filled form, the checked-in samples included. The truth it
returns holds the values a careful reader must now read; ``meta.mutations`` says which
habit families were applied and which fields each one rewrote.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

from docx import Document

from samples.mutate.habits import FAMILIES, LAYOUT_HABITS, VALUE_HABITS, Edit, Habits
from samples.mutate.habits import apply_value_habit as _apply_value_habit
from schemas.catalogue import FormSpec, form_spec


@dataclass(frozen=True)
class Mutated:
    docx: Path
    truth: dict[str, Any]
    #: Family -> the flat names (or printed parts) it rewrote.
    edits: dict[str, tuple[str, ...]]


def mutate(
    docx: Path,
    truth: dict[str, Any],
    out: Path,
    *,
    seed: int,
    families: tuple[str, ...] | None = None,
) -> Mutated:
    """Write ``out``: ``docx`` re-typed with ``families`` (a random mix when None)."""
    rng = Random(seed)
    chosen = families if families is not None else _random_families(rng)
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown habit families {unknown}; known: {', '.join(FAMILIES)}")
    document = Document(str(docx))
    form = form_spec(truth["form"], int(truth["edition"]))
    values = dict(truth["values"])
    habits = Habits(document, form, values, _protected_labels(form, truth), rng)
    edits: dict[str, tuple[str, ...]] = {}
    new_truth = copy.deepcopy(truth)
    for family in chosen:
        edit = Edit()
        if family in VALUE_HABITS:
            _apply_value_habit(habits, family, edit)
        else:
            LAYOUT_HABITS[family](habits, edit)
        new_truth["values"].update(edit.truth)
        habits.values.update(edit.truth)
        edits[family] = tuple(sorted(edit.names))
    document.save(str(out))
    meta = new_truth.setdefault("meta", {})
    meta["mutations"] = {"seed": seed, "families": list(chosen), "edits": edits}
    return Mutated(out, new_truth, edits)


def _protected_labels(form: FormSpec, truth: dict[str, Any]) -> frozenset[str]:
    """Fields carrying a defect keep their writing: the defect is what the sample tests."""
    labels = set()
    for flag in truth.get("flags", []):
        name = str(flag["field"])
        try:
            labels.add(form.field_for_flat(name).label)
        except KeyError:
            labels.add(name)
    return frozenset(labels)


def _random_families(rng: Random) -> tuple[str, ...]:
    picked = tuple(f for f in FAMILIES if rng.random() < 0.5)
    return picked or (rng.choice(FAMILIES),)


__all__ = ["FAMILIES", "Mutated", "mutate"]
