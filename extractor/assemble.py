"""Located raw text -> a typed record with provenance, confidence and flags.

This is the one path after the reader: every format goes through it.
"""

from __future__ import annotations

from dataclasses import replace

from extractor.labels import label_index
from extractor.layout import UNCHECKED, Layout
from extractor.locate import Located, Spot, locate
from extractor.misread import Reading, reread, rereads, without_stray_marks
from extractor.slips import mend_slips
from schemas.catalogue import FieldSpec, FieldType, FormSpec
from schemas.flags import Flag, FlagCode, Severity
from schemas.normalise import Note, normalise, normalise_as, normalise_cell
from schemas.normalise.text import unwrap_lines
from schemas.provenance import Provenance
from schemas.record import FieldValue, FlatValue, FormRecord, Scalar, UnreadText
from schemas.validate import validate

#: Below this confidence a value read from pixels is flagged for a reviewer.
LOW_CONFIDENCE = 0.8
#: Share of its OCR confidence a value read under a seal keeps.
SEALED_FACTOR = 0.6
#: Readers whose text breaks lines where the page wrapped them.
PAGED_KINDS = frozenset({"pdf", "scan"})


def assemble(layout: Layout, form: FormSpec, edition: int) -> FormRecord:
    located = locate(layout, label_index(form))
    scanned = layout.kind == "scan"
    paged = layout.kind in PAGED_KINDS
    record = FormRecord(
        form=form.list,
        form_key=form.key,
        edition=edition,
        source=layout.source,
        ocr_engine=layout.ocr_engine,
        ocr_precision=layout.ocr_precision,
    )
    flags: list[Flag] = [
        Flag(
            field=amb.text,
            code=FlagCode.AMBIGUOUS_LABEL,
            severity=Severity.WARNING,
            message=f"标签“{amb.text}”可能是 {'、'.join(amb.candidates)} 之一，未读取其值",
        )
        for amb in located.ambiguous
    ]
    for spec in form.fields:
        if spec.is_list_table:
            flags.extend(_add_list(record, spec, located, layout.source, scanned=scanned))
        else:
            for name in spec.flat_names():
                flags.extend(
                    _add_scalar(
                        record, spec, name, located, layout.source, scanned=scanned, paged=paged
                    )
                )
    if scanned:
        flags.extend(mend_slips(record, form, edition))
    said = {flag.field for flag in flags}
    for flag in validate(form, edition, record.flat_values()):
        if flag.code is FlagCode.MISSING and flag.field in said:
            # A value written but not readable is flagged as such, not again as missing.
            continue
        if flag.code is FlagCode.MISSING and flag.field in located.unplaced:
            flags.append(_unplaced(flag.field))
            continue
        flags.append(flag)
    record.unread_text = [
        UnreadText(text=spot.text, provenance=_provenance(layout.source, spot))
        for spot in located.unread
    ]
    if record.unread_text:
        flags.append(_unread(record.unread_text))
    record.flags = flags
    return record


def _unplaced(name: str) -> Flag:
    """The label was found but not where its value is: our failure, not the applicant's."""
    return Flag(
        field=name,
        code=FlagCode.UNPLACED,
        severity=Severity.WARNING,
        message=f"找到了“{name}”的标签，但未能确定其填写位置，请人工核对（unplaced）",
    )


def _unread(unread: list[UnreadText]) -> Flag:
    shown = "、".join(f"“{item.text[:20]}”" for item in unread[:3])
    more = f"等 {len(unread)} 处" if len(unread) > 3 else ""
    return Flag(
        field="unread_text",
        code=FlagCode.UNREAD_TEXT,
        severity=Severity.WARNING,
        message=f"表中文字{shown}{more}未归入任何字段，请人工核对（unread text）",
    )


def _provenance(source: str, spot: Spot) -> Provenance:
    return Provenance(
        file=source,
        page=spot.page,
        table=spot.table,
        row=spot.row,
        column=spot.column,
        paragraph=spot.paragraph,
        bbox=spot.bbox,
        raw=spot.text,
    )


def _add_scalar(
    record: FormRecord,
    spec: FieldSpec,
    name: str,
    located: Located,
    source: str,
    *,
    scanned: bool,
    paged: bool,
) -> list[Flag]:
    found = located.scalars.get(name)
    if found is None:
        return []
    spot, match_score = found
    if scanned and spec.cell_type in (FieldType.TEXT, FieldType.LONGTEXT):
        # OCR cannot tell the character 口 (进口) from an empty box; free text has no boxes.
        spot = replace(spot, text=spot.text.replace(UNCHECKED, "口"))
    if scanned and spec.cell_type is FieldType.TEXT:
        spot = replace(spot, text=without_stray_marks(spot.text))
    if paged and spec.cell_type is FieldType.LONGTEXT:
        # A page's text breaks a line wherever it wrapped; the writer broke few of them.
        spot = replace(spot, text=unwrap_lines(spot.text))
    column = name.partition("/")[2] if spec.is_year_table else ""
    reading = Reading(spot.text)
    if scanned and rereads(spec):
        reading = reread(spec, spot.text, column=column, printed=spot.unit)
    if spot.sealed and reading.doubt is None:
        reading = replace(reading, factor=SEALED_FACTOR, doubt=_sealed(spot.text))
    if spec.is_year_table:
        parsed = normalise_cell(spec, column, reading.text, printed=spot.unit)
    else:
        parsed = normalise(spec, reading.text, printed=spot.unit)
    doubt = [] if reading.doubt is None else [_doubt(name, reading.doubt)]
    if parsed.problem is not None and doubt:
        # Read from pixels and not readable as the field: what was written is not known,
        # so it is not charged to the applicant as an error.
        return doubt
    if parsed.problem is not None:
        code = FlagCode.CHOICE_COUNT if spec.type is FieldType.CHOICE else FlagCode.UNPARSED
        return [Flag(field=name, code=code, severity=Severity.ERROR, message=parsed.problem)]
    noted = [] if parsed.note is None else [_noted(name, parsed.note)]
    if parsed.value is None:
        return [*noted, *doubt]
    confidence = round(spot.confidence * match_score * reading.factor, 3)
    record.values[name] = FieldValue(
        name=name,
        value=parsed.value,
        provenance=_provenance(source, spot),
        confidence=confidence,
        alternatives=_alternatives(spec, column, reading, spot.unit),
    )
    if doubt:
        return [*noted, *doubt]
    if spot.confidence < LOW_CONFIDENCE:
        return [*noted, _low_confidence(name, spot)]
    return noted


def _alternatives(
    spec: FieldSpec, column: str, reading: Reading, printed: str | None
) -> list[FlatValue]:
    """The values the other readings that would fit stand for."""
    values: list[FlatValue] = []
    for text in reading.alternatives:
        parsed = (
            normalise_cell(spec, column, text, printed=printed)
            if column
            else normalise(spec, text, printed=printed)
        )
        if parsed.value is not None and parsed.value not in values:
            values.append(parsed.value)
    return values


def _sealed(text: str) -> str:
    if not text.strip():
        return "此处盖有印章，未能读出内容，请核对原件（sealed, low confidence）"
    return (
        f"此处盖有印章，识别为“{text.strip()[:40]}”，可能不全，请核对原件（sealed, low confidence）"
    )


def _doubt(name: str, message: str) -> Flag:
    return Flag(
        field=name, code=FlagCode.LOW_CONFIDENCE, severity=Severity.WARNING, message=message
    )


def _noted(name: str, note: Note) -> Flag:
    code = FlagCode(note.code)
    return Flag(field=name, code=code, severity=Severity.WARNING, message=note.message)


def _low_confidence(name: str, spot: Spot) -> Flag:
    return Flag(
        field=name,
        code=FlagCode.LOW_CONFIDENCE,
        severity=Severity.WARNING,
        message=f"识别置信度 {spot.confidence:.2f} 偏低，请核对原件：“{spot.text[:40]}”",
    )


def _add_list(
    record: FormRecord, spec: FieldSpec, located: Located, source: str, *, scanned: bool
) -> list[Flag]:
    rows = located.rows.get(spec.label)
    if not rows:
        return []
    types = {sub.label: sub.type for sub in spec.rows}
    values: list[dict[str, Scalar]] = []
    flags: list[Flag] = []
    for number, row in enumerate(rows, start=1):
        parsed: dict[str, Scalar] = {}
        for label, spot in row.items():
            kind = types[label]
            plain = scanned and kind is FieldType.TEXT
            text = without_stray_marks(spot.text) if plain else spot.text
            value, problem = _sub_value(kind, text)
            if problem is not None and scanned:
                value, doubt = _sub_reread(spec, label, kind, text)
                flags.append(_doubt(spec.label, f"第{number}行“{label}”：{doubt}"))
            elif problem is not None:
                flags.append(_row_problem(spec.label, number, label, problem))
            parsed[label] = value
        values.append(parsed)
    first = next(iter(rows[0].values()))
    confidence = min(spot.confidence for row in rows for spot in row.values())
    raw = "\n".join(" | ".join(spot.text for spot in row.values()) for row in rows)
    record.values[spec.label] = FieldValue(
        name=spec.label,
        value=values,
        provenance=_provenance(source, first).model_copy(update={"raw": raw}),
        confidence=confidence,
    )
    return flags


def _row_problem(field: str, number: int, label: str, problem: str) -> Flag:
    return Flag(
        field=field,
        code=FlagCode.UNPARSED,
        severity=Severity.ERROR,
        message=f"第{number}行“{label}”：{problem}",
    )


def _sub_value(kind: FieldType, text: str) -> tuple[Scalar, str | None]:
    """A list-table cell's value; one that cannot be read is kept as written, and said."""
    parsed = normalise_as(kind, text)
    if parsed.problem is not None or parsed.value is None or isinstance(parsed.value, list):
        return text.strip(), parsed.problem
    return parsed.value, None


def _sub_reread(spec: FieldSpec, label: str, kind: FieldType, text: str) -> tuple[Scalar, str]:
    """A list-table cell read from pixels that is not readable as its column: read again as
    a scalar of its kind is (a speck's dot dropped, a look-alike swapped), and said to the
    reviewer; what no reading explains is kept as read. Not the applicant's error either way:
    what was written is not known."""
    reading = reread(FieldSpec(key=spec.key, label=label, type=kind), text)
    value, problem = _sub_value(kind, reading.text)
    doubt = reading.doubt or f"识别为“{text.strip()}”，无法按本项读取，请核对原件（low confidence）"
    return (value if problem is None else text.strip()), doubt
