"""Free text longer or shorter than the form allows, counted as the catalogue counts."""

from __future__ import annotations

from schemas.catalogue import FieldSpec, FormSpec
from schemas.checks import Values
from schemas.checks.common import flag
from schemas.flags import Flag, FlagCode
from schemas.normalise import char_count


def _length_flag(spec: FieldSpec, text: str) -> Flag | None:
    count = char_count(text)
    if spec.max_chars is not None and count > spec.max_chars:
        message = f"“{spec.label}”共 {count} 字，超过上限 {spec.max_chars} 字（too long）"
        return flag(spec.label, FlagCode.TOO_LONG, message)
    if spec.min_chars is not None and count < spec.min_chars:
        message = f"“{spec.label}”共 {count} 字，少于下限 {spec.min_chars} 字（too short）"
        return flag(spec.label, FlagCode.TOO_SHORT, message)
    return None


def text_length(form: FormSpec, edition: int, values: Values) -> list[Flag]:
    found = []
    for spec in form.fields:
        text = values.get(spec.label)
        limited = spec.max_chars is not None or spec.min_chars is not None
        if limited and isinstance(text, str) and text.strip():
            found.append(_length_flag(spec, text))
    return [f for f in found if f is not None]
