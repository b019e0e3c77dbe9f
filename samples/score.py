"""How well an extraction matches a sample's truth.

Field accuracy counts one unit per flat name in the truth or the extraction, and one
per cell of a list table (rows compared by position, cells by sub-label). Numbers are
equal within 1e-6 relative; text is equal after trimming and collapsing whitespace
(whitespace next to a Chinese character or punctuation is dropped, as it carries no
meaning there and PDF text puts line breaks anywhere). Flag recall counts truth flags
found among the extracted ones by (field, code); every error flag the truth does not
expect is a false alarm, and on a clean form any error flag is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

REL_TOL = 1e-6
_SPACE = re.compile(r"\s+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")


@dataclass(frozen=True)
class FieldDiff:
    name: str
    expected: Any
    got: Any


@dataclass(frozen=True)
class Score:
    form: str
    edition: int
    layout: str
    format: str
    fields_total: int
    fields_correct: int
    mismatches: tuple[FieldDiff, ...]
    flags_expected: int
    flags_found: int
    missed_flags: tuple[tuple[str, str], ...]
    #: Error flags the truth does not expect (on a clean form: every error flag).
    false_error_flags: tuple[tuple[str, str], ...]
    clean: bool

    @property
    def field_accuracy(self) -> float:
        return self.fields_correct / self.fields_total if self.fields_total else 1.0

    @property
    def flag_recall(self) -> float | None:
        return self.flags_found / self.flags_expected if self.flags_expected else None


def normalise_text(text: str) -> str:
    return _CJK_SPACE.sub("", _SPACE.sub(" ", text.strip()))


def same_value(expected: Any, got: Any) -> bool:
    """Equal as the truth means it: numbers within 1e-6, text up to whitespace."""
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(expected) is type(got) and expected == got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return math.isclose(expected, got, rel_tol=REL_TOL, abs_tol=1e-9)
    if isinstance(expected, str) and isinstance(got, str):
        return normalise_text(expected) == normalise_text(got)
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(map(same_value, expected, got))
    return bool(expected is None and got is None)


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def _units(name: str, expected: Any, got: Any) -> list[FieldDiff]:
    """The comparable units of one flat name: itself, or each cell of a list table."""
    if not (_is_rows(expected) or _is_rows(got)):
        return [FieldDiff(name, expected, got)]
    want = expected if isinstance(expected, list) else []
    have = got if isinstance(got, list) else []
    units = []
    for index in range(max(len(want), len(have))):
        row_want = want[index] if index < len(want) and isinstance(want[index], dict) else {}
        row_have = have[index] if index < len(have) and isinstance(have[index], dict) else {}
        for key in sorted(set(row_want) | set(row_have)):
            units.append(FieldDiff(f"{name}[{index}].{key}", row_want.get(key), row_have.get(key)))
    return units


def _flag_keys(flags: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    return [(str(f.get("field")), str(f.get("code"))) for f in flags]


def _error_keys(flags: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    errors = (f for f in flags if str(f.get("severity", "error")) == "error")
    return _flag_keys(errors)


def score(extracted_flat: Mapping[str, Any], truth: Mapping[str, Any], fmt: str = "docx") -> Score:
    """Compare an extraction (the ``--flat`` shape) with a sample's truth."""
    want: Mapping[str, Any] = truth.get("values", {})
    have: Mapping[str, Any] = extracted_flat.get("values", {}) or {}
    units: list[FieldDiff] = []
    for name in [*want, *(n for n in have if n not in want)]:
        units += _units(name, want.get(name), have.get(name))
    units = [u for u in units if not (u.expected is None and u.got is None)]
    mismatches = tuple(u for u in units if not same_value(u.expected, u.got))
    expected_flags = set(_flag_keys(truth.get("flags", [])))
    found_flags = set(_flag_keys(extracted_flat.get("flags", []) or []))
    errors = _error_keys(extracted_flat.get("flags", []) or [])
    meta = truth.get("meta", {})
    return Score(
        form=str(truth.get("form", "")),
        edition=int(truth.get("edition", 0)),
        layout=str(meta.get("layout", "")),
        format=fmt,
        fields_total=len(units),
        fields_correct=len(units) - len(mismatches),
        mismatches=mismatches,
        flags_expected=len(expected_flags),
        flags_found=len(expected_flags & found_flags),
        missed_flags=tuple(sorted(expected_flags - found_flags)),
        false_error_flags=tuple(sorted(set(errors) - expected_flags)),
        clean=not expected_flags,
    )


def _summary(scores: Sequence[Score]) -> dict[str, Any]:
    total = sum(s.fields_total for s in scores)
    correct = sum(s.fields_correct for s in scores)
    expected = sum(s.flags_expected for s in scores)
    clean = [s for s in scores if s.clean]
    return {
        "samples": len(scores),
        "fields": total,
        "field_accuracy": correct / total if total else None,
        "perfect_samples": sum(1 for s in scores if not s.mismatches),
        "flags_expected": expected,
        "flag_recall": sum(s.flags_found for s in scores) / expected if expected else None,
        "false_error_flags": sum(len(s.false_error_flags) for s in scores),
        "clean_samples": len(clean),
        "clean_samples_with_error_flags": sum(1 for s in clean if s.false_error_flags),
    }


def aggregate(scores: Sequence[Score]) -> dict[str, Any]:
    """Totals over all scores, and the same per layout, per format and per form."""

    def by(key: str) -> dict[str, dict[str, Any]]:
        groups: dict[str, list[Score]] = {}
        for item in scores:
            groups.setdefault(str(getattr(item, key)), []).append(item)
        return {name: _summary(group) for name, group in sorted(groups.items())}

    return {
        "overall": _summary(scores),
        "by_layout": by("layout"),
        "by_format": by("format"),
        "by_form": by("form"),
    }
