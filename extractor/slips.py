"""Numbers read from pixels that do not add up: a digit the recogniser dropped or doubled.

A year row's average, or a ratio and the two amounts it is made of, tie cells together: when
the cells as read disagree, each cell is tried with one digit put back (one dropped), one of
two equal neighbouring digits taken out (one doubled), its decimal point put back, or, where
a speck was read beside the number, each word of it alone. When exactly one such change makes the
row agree, that is what was written: it is taken, with lowered confidence and a word for the
reviewer. When several would, none is taken; the reviewer is told which, and the check's own
flag stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from extractor.misread import REREAD_FACTOR
from schemas.catalogue import FormSpec
from schemas.checks.tables import RATIO_RULES, average_mismatch, ratio_mismatch
from schemas.flags import Flag, FlagCode, Severity
from schemas.normalise import normalise_cell
from schemas.record import FlatValue, FormRecord

__all__ = ["mend_slips"]

_Check = Callable[[FormSpec, int, dict[str, FlatValue]], list[Flag]]


def mend_slips(record: FormRecord, form: FormSpec, edition: int) -> list[Flag]:
    """Cells of ``record`` (read from a scan) put right where a dropped or doubled digit
    explains a disagreeing row; the flags that tell the reviewer."""
    told: list[Flag] = []
    for check in (average_mismatch, ratio_mismatch):
        for found in check(form, edition, record.flat_values()):
            told.extend(_mend(record, form, edition, check, found.field))
    return told


def _group(form: FormSpec, name: str) -> list[str]:
    """The cells a disagreeing cell is checked with."""
    label, _, year = name.partition("/")
    for rule in RATIO_RULES:
        if rule.form == form.key and label == rule.ratio:
            return [f"{part}/{year}" for part in (rule.numerator, rule.denominator, rule.ratio)]
    return form.field(label).flat_names()


def _mend(record: FormRecord, form: FormSpec, edition: int, check: _Check, name: str) -> list[Flag]:
    values = record.flat_values()
    solutions: dict[tuple[str, float], str] = {}
    for cell in _group(form, name):
        found = record.values.get(cell)
        if found is None or not isinstance(found.value, int | float):
            continue
        read = _number(form, cell, found.provenance.raw)
        # The label may print another unit than the catalogue's (元 for 万元): keep its scale.
        scale = found.value / read if read else 1.0
        for text in dict.fromkeys(_slips(found.provenance.raw)):
            slipped = _number(form, cell, text)
            if slipped is None:
                continue
            value = _as_read(found.value, slipped * scale)
            trial = {**values, cell: value}
            if not any(flag.field == name for flag in check(form, edition, trial)):
                solutions.setdefault((cell, value), text)
    if len(solutions) == 1:
        ((cell, value), text), *_ = solutions.items()
        field = record.values[cell]
        field.value = value
        field.confidence = round(field.confidence * REREAD_FACTOR, 3)
        message = (
            f"识别为“{field.provenance.raw.strip()}”，与同行数字不符；按“{text}”"
            "（漏读或重读一位数字）读取，请核对原件（low confidence）"
        )
        return [_warning(cell, message)]
    if solutions:
        listed = "、".join(f"“{cell}”为“{text}”" for (cell, _), text in solutions.items())
        message = (
            f"同行数字不符，可能是识别漏读或重读一位数字：{listed}，请核对原件（low confidence）"
        )
        return [_warning(name, message)]
    return []


def _number(form: FormSpec, cell: str, text: str) -> float | None:
    parsed = normalise_cell(form.field_for_flat(cell), cell.partition("/")[2], text)
    value = parsed.value
    if parsed.problem is not None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _as_read(like: int | float, value: float) -> int | float:
    """``value`` as the same kind of number as the one read (a count stays whole)."""
    return round(value) if isinstance(like, int) else round(value, 6)


def _warning(name: str, message: str) -> Flag:
    return Flag(
        field=name, code=FlagCode.LOW_CONFIDENCE, severity=Severity.WARNING, message=message
    )


def _slips(raw: str) -> Iterator[str]:
    """``raw`` with one digit put back beside a digit, one of two equal digits taken out, or
    a decimal point put back; a text of several words (a speck read beside the number) as
    each word alone, too."""
    text = raw.strip()
    words = text.split()
    for base in (text, *words) if len(words) > 1 else (text,):
        yield base
        digits = [i for i, c in enumerate(base) if c.isdigit()]
        for at in _digit_gaps(base, digits):
            for digit in "0123456789":
                yield base[:at] + digit + base[at:]
        for i in digits:
            if i + 1 < len(base) and base[i + 1] == base[i]:
                yield base[:i] + base[i + 1 :]
            if "." not in base and i + 1 < len(base) and base[i + 1].isdigit():
                yield base[: i + 1] + "." + base[i + 1 :]


def _digit_gaps(text: str, digits: Sequence[int]) -> list[int]:
    """Positions where a dropped digit could have stood: before, between and after digits."""
    gaps = {i for i in digits} | {i + 1 for i in digits}
    return sorted(at for at in gaps if 0 <= at <= len(text))
