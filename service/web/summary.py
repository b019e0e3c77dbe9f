"""A submission as the summary page shows it: fields grouped as on the paper form.

Plain fields go in one table, consecutive year rows with the same years in one year
table, list tables as tables, long texts as paragraphs; each field carries its flags
(errors first), whether it was corrected, and whether its source can be shown. Works
on the stored JSON of the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.catalogue import FieldSpec, FieldType, FormSpec, UnknownForm, form_spec
from schemas.editions import UnknownEdition
from service.usecases.corrections import AuditEntry, Conflicting
from service.usecases.review import FLAG_NAMES, RESULT_NAMES

__all__ = ["CheckLine", "FieldLine", "Group", "Summary", "shown", "summarise"]

#: Below this a value is marked for a reviewer to check against the original.
LOW_CONFIDENCE = 0.8
_RESULT_ORDER = {"fail": 0, "unknown": 1, "needs_review": 2, "pass": 3}


def shown(value: Any) -> str:
    """A flat value as a person reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            return "\n".join(" | ".join(shown(v) for v in item.values()) for item in value)
        return "、".join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class FlagLine:
    field: str
    code: str
    name: str
    severity: str
    message: str


@dataclass
class FieldLine:
    name: str
    label: str
    value: Any
    text: str
    present: bool
    confidence: float
    provenance: dict[str, Any]
    flags: list[FlagLine] = field(default_factory=list)
    corrected: bool = False
    conflict: Conflicting | None = None
    hint: str | None = None
    list_columns: tuple[str, ...] = ()

    @property
    def low_confidence(self) -> bool:
        return self.present and self.confidence < LOW_CONFIDENCE

    @property
    def has_error(self) -> bool:
        return any(flag.severity == "error" for flag in self.flags)

    @property
    def has_source(self) -> bool:
        where = self.provenance
        return where.get("page") is not None or where.get("table") is not None

    @property
    def edit_text(self) -> str:
        """The value as the correction box starts with it."""
        return shown(self.value)


@dataclass
class Group:
    """``fields`` (label/value table), ``years`` (a year table), ``list`` or ``long``."""

    kind: str
    lines: list[FieldLine] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    #: For a year table: (row label, its cells in column order).
    rows: list[tuple[str, list[FieldLine]]] = field(default_factory=list)


@dataclass(frozen=True)
class CheckLine:
    id: str
    kind: str
    result: str
    result_name: str
    message: str
    expected: str
    reference: str

    @property
    def quote(self) -> str:
        """The notice's sentence the condition stands on (the reference after its source)."""
        _source, found, quote = self.reference.partition(": “")
        return quote.removesuffix("”") if found else self.reference

    @property
    def source(self) -> str:
        """Which notice and section the sentence is from."""
        source, found, _quote = self.reference.partition(": “")
        return source if found else ""


@dataclass
class Summary:
    groups: list[Group]
    problems: list[FlagLine]
    other_flags: list[FlagLine]
    checks: list[CheckLine]
    notes: list[dict[str, Any]]
    unread: list[dict[str, Any]]
    evaluation_error: str | None
    lines: dict[str, FieldLine]


def _flag(data: Mapping[str, Any]) -> FlagLine:
    code = str(data.get("code", ""))
    return FlagLine(
        field=str(data.get("field", "")),
        code=code,
        name=FLAG_NAMES.get(code, code),
        severity=str(data.get("severity", "warning")),
        message=str(data.get("message", "")),
    )


def _line(
    spec: FieldSpec, name: str, values: Mapping[str, Any], corrected: Mapping[str, AuditEntry]
) -> FieldLine:
    held = values.get(name)
    value = held.get("value") if held else None
    return FieldLine(
        name=name,
        label=name if spec.is_year_table else spec.label,
        value=value,
        text=shown(value),
        present=held is not None and value not in (None, "", []),
        confidence=float(held.get("confidence", 1.0)) if held else 1.0,
        provenance=dict(held.get("provenance") or {}) if held else {},
        corrected=name in corrected,
        hint=spec.hint,
        list_columns=tuple(sub.label for sub in spec.rows),
    )


def _groups(
    form: FormSpec, values: Mapping[str, Any], corrected: Mapping[str, AuditEntry]
) -> list[Group]:
    groups: list[Group] = []
    for spec in form.fields:
        if spec.is_year_table:
            last = groups[-1] if groups else None
            if last is None or last.kind != "years" or last.columns != spec.columns:
                last = Group("years", columns=spec.columns)
                groups.append(last)
            cells = [_line(spec, name, values, corrected) for name in spec.flat_names()]
            last.rows.append((spec.label, cells))
            last.lines.extend(cells)
        elif spec.is_list_table:
            groups.append(Group("list", lines=[_line(spec, spec.label, values, corrected)]))
        elif spec.type is FieldType.LONGTEXT:
            groups.append(Group("long", lines=[_line(spec, spec.label, values, corrected)]))
        else:
            if not groups or groups[-1].kind != "fields":
                groups.append(Group("fields"))
            groups[-1].lines.append(_line(spec, spec.label, values, corrected))
    return groups


def _checks(evaluation: Mapping[str, Any]) -> list[CheckLine]:
    lines = [
        CheckLine(
            id=str(check.get("id", "")),
            kind=str(check.get("kind", "")),
            result=str(check.get("result", "")),
            result_name=RESULT_NAMES.get(str(check.get("result")), str(check.get("result"))),
            message=str(check.get("message", "")),
            expected=str(check.get("expected", "")),
            reference=str(check.get("reference", "")),
        )
        for check in evaluation.get("checks", [])
    ]
    return sorted(lines, key=lambda c: _RESULT_ORDER.get(c.result, 9))


def _unread(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The reader's unattributed text (``unread_text``), each with where it was."""
    found = []
    for item in record.get("unread_text", []) or []:
        if isinstance(item, Mapping):
            held = item.get("provenance")
            where = _where(held) if isinstance(held, Mapping) else ""
            found.append({"text": str(item.get("text", "")), "where": where})
    return found


def _where(provenance: Mapping[str, Any]) -> str:
    parts = []
    if provenance.get("page") is not None:
        parts.append(f"第 {provenance['page']} 页")
    if provenance.get("table") is not None:
        parts.append(f"表 {int(provenance['table']) + 1}")
        if provenance.get("row") is not None:
            parts.append(f"第 {int(provenance['row']) + 1} 行")
    if provenance.get("paragraph") is not None:
        parts.append(f"第 {int(provenance['paragraph']) + 1} 段")
    return "，".join(parts)


def summarise(
    record: Mapping[str, Any],
    evaluation: Mapping[str, Any] | None,
    *,
    corrected: Mapping[str, AuditEntry],
    conflicting: Iterable[Conflicting] = (),
) -> Summary:
    """The summary of a stored record and its evaluation."""
    values = record.get("values", {})
    try:
        form: FormSpec | None = form_spec(str(record.get("form")), int(record.get("edition", 0)))
    except (UnknownForm, UnknownEdition, ValueError):
        form = None
    groups = _groups(form, values, corrected) if form else []
    lines = {line.name: line for group in groups for line in group.lines}
    for item in conflicting:
        if item.field in lines:
            lines[item.field].conflict = item
    flags = sorted(
        (_flag(data) for data in record.get("flags", [])),
        key=lambda f: (f.severity != "error", f.field),
    )
    other = []
    for flag in flags:
        if flag.field in lines:
            lines[flag.field].flags.append(flag)
        else:
            other.append(flag)
    evaluation = evaluation or {}
    error = evaluation.get("error")
    return Summary(
        groups=groups,
        problems=flags,
        other_flags=other,
        checks=_checks(evaluation),
        notes=list(evaluation.get("notes", [])),
        unread=_unread(record),
        evaluation_error=str(error.get("message")) if isinstance(error, Mapping) else None,
        lines=lines,
    )
