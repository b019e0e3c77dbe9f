"""Hypothesis properties of the value normalisers and the label matcher, over text no
sample was written with: they never raise anything but a reason of their own, and a
normalised value read again is the same value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.labels import fold, label_index, label_key, strip_hint
from schemas.catalogue import FieldSpec, FieldType, catalogue
from schemas.normalise import normalise, normalise_cell
from schemas.record import FlatValue

FORMS = catalogue(2022).forms
FIELDS = [spec for form in FORMS for spec in form.fields]
#: What forms are written with, so that examples are near the values the parsers read.
_PIECES = [
    *"0123456789.,，、-/~%％+－—",
    *"零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟",
    *"年月日号度人项个元约级第TRLe",
    *"☑☐□■√✓×✗○●()（）:：;；",
    *(" ", "\t", "\n", "\u3000", "\u00a0", "\u200b"),
    "万元",
    "亿元",
    "人民币",
    "百分之",
    "是",
    "否",
    "无",
    "有",
    "NaN",
    "Infinity",
    "1e309",
    *{option for spec in FIELDS for option in spec.options},
]
RAW = st.lists(st.sampled_from(_PIECES) | st.characters(), max_size=12).map("".join)
BOUNDED = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def _written(value: FlatValue) -> str:
    """A normalised value as a person would write it in the cell again."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, list):
        return "、".join(f"☑{item}" for item in value)
    return str(value)


def _field_ids(spec: FieldSpec) -> str:
    return f"{spec.label}:{spec.cell_type.value}"


KINDS = {spec.cell_type: spec for spec in FIELDS}
ONE_PER_KIND = sorted(KINDS.values(), key=lambda s: s.cell_type.value)


@pytest.mark.parametrize("spec", ONE_PER_KIND, ids=_field_ids)
@BOUNDED
@given(raw=RAW)
def test_normalising_never_raises_and_a_value_read_again_is_the_same(
    spec: FieldSpec, raw: str
) -> None:
    read = normalise(spec, raw)
    value, problem = read.value, read.problem
    assert value is None or problem is None
    if problem is not None:
        assert problem.strip()
    if value is None:
        return
    if isinstance(value, float):
        assert value == value and abs(value) != float("inf"), f"{raw!r} -> {value}"
    again = normalise(spec, _written(value))
    assert again.problem is None, (raw, value, again)
    if spec.cell_type is FieldType.LONGTEXT or spec.cell_type is FieldType.TEXT:
        assert again.value == value
    else:
        assert (
            again.value == pytest.approx(value)
            if isinstance(value, float)
            else again.value == value
        )


@pytest.mark.parametrize("spec", [s for s in FIELDS if s.columns][:3], ids=_field_ids)
@BOUNDED
@given(raw=RAW, column=st.sampled_from(["2021", "2022", "平均值", "其他"]))
def test_a_year_table_cell_never_raises(spec: FieldSpec, raw: str, column: str) -> None:
    read = normalise_cell(spec, column, raw)
    value, problem = read.value, read.problem
    assert value is None or problem is None


LABELS = [
    label for form in FORMS for spec in form.fields for label in (spec.label, spec.hint or "")
]
NEAR_LABEL = st.tuples(st.sampled_from(LABELS), RAW, RAW).map(
    lambda parts: parts[1][:3] + parts[0] + parts[2]
)


@pytest.mark.parametrize("form", FORMS[:3], ids=[f.key for f in FORMS[:3]])
@BOUNDED
@given(text=RAW | NEAR_LABEL)
def test_the_label_matcher_never_raises_and_folding_twice_changes_nothing(
    form: object, text: str
) -> None:
    index = label_index(form)  # type: ignore[arg-type]
    first = index.match(text)
    assert index.match(text) == first
    assert fold(fold(text)) == fold(text)
    assert label_key(label_key(text)) == label_key(text)
    assert strip_hint(strip_hint(text)) == strip_hint(text)
