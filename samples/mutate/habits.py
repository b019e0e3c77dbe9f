"""The habits of people who re-type a form, each a rewrite of cells a person would make.

Value habits rewrite a cell holding a value of the truth into another way of writing the
same value (or, for ``month_dates``, a less precise value that the truth then holds).
Which field a cell holds is told the way a person tells it, by the written value: a cell
is only rewritten when every field that could have written that text agrees on the
rewrite, so a habit never puts a wrong value on the form. Layout habits rewrite the
printed parts: year-table headers, row labels and the closing seal block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from docx.document import Document as DocxDocument

from samples.formats import grouped, number_text
from samples.mutate.docx_edit import CellRef, append_body_paragraphs, rows
from samples.numerals import chinese_decimal
from schemas.catalogue import FieldSpec, FieldType, FormSpec
from schemas.record import FlatValue

#: Digits and signs as a full-width keyboard types them.
_FULL_WIDTH = str.maketrans("0123456789.%@-", "０１２３４５６７８９．％＠－")
_DASHES = ("-", "—", "–", "－", "~", "～", "至")
_YEAR_CELL = re.compile(r"^(20\d\d)年?$")
_HALF_CELL = re.compile(r"^(20\d\d)年1-6月$")
_ASIDE = re.compile(r"[（(]([^（）()]*)[）)]")
_UNIT_WORDS = ("万元", "元", "项", "人", "个", "件", "次", "%", "年", "家")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Written:
    """A truth value that a cell may show: its flat name, field and value."""

    name: str
    spec: FieldSpec | None
    kind: FieldType
    value: FlatValue


@dataclass
class Edit:
    """What a habit did: the names it rewrote and truth values it changed."""

    names: set[str] = field(default_factory=set)
    truth: dict[str, FlatValue] = field(default_factory=dict)


@dataclass
class Habits:
    document: DocxDocument
    form: FormSpec
    values: dict[str, FlatValue]
    protected: frozenset[str]
    rng: Random
    #: Chance that one cell a habit could rewrite is rewritten.
    share: float = 0.7
    shown: dict[str, list[Written]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in self.values.items():
            spec = self.form.field_for_flat(name)
            if spec.is_list_table and isinstance(value, list):
                for i, row in enumerate(value):
                    for sub in spec.rows:
                        got = row.get(sub.label) if isinstance(row, dict) else None
                        if got is not None:
                            self._show(Written(f"{name}[{i}]", None, sub.type, got))
            elif not isinstance(value, bool | list) and value is not None:
                kind = spec.cell_type
                if name.endswith("/平均值") and kind is FieldType.INT:
                    kind = FieldType.NUMBER
                self._show(Written(name, spec, kind, value))

    def _show(self, written: Written) -> None:
        value = written.value
        texts = {str(value)}
        if isinstance(value, int | float) and not isinstance(value, bool):
            texts = {number_text(value)}
            if written.spec is not None and written.spec.unit:
                texts.add(number_text(value) + written.spec.unit)
        for text in texts:
            self.shown.setdefault(text, []).append(written)

    def value_cells(self) -> list[tuple[CellRef, str, str, list[Written]]]:
        """(cell, text before the value, value text, fields it may be) for each cell holding
        one line that is a truth value, alone or after its label and a colon."""
        found = []
        for row in rows(self.document):
            for cell in row:
                text = cell.text().strip()
                if "\n" in text or not text or not cell.editable():
                    continue
                head, value = "", text
                colon = re.search(r"[:：]", text)
                if value not in self.shown and colon is not None:
                    head, value = text[: colon.end()], text[colon.end() :].strip()
                writers = self.shown.get(value, [])
                if writers and not any(_label(w) in self.protected for w in writers):
                    found.append((cell, head, value, writers))
        return found


def _label(written: Written) -> str:
    return written.spec.label if written.spec is not None else written.name.split("[")[0]


Rewrite = Callable[[Written, str, Random], tuple[str, FlatValue] | None]


def _one_way(writers: list[Written], rewrite: Rewrite, text: str, rng: Random) -> str | None:
    """The rewrite every possible writer agrees on, or None."""
    state = rng.getstate()
    results = []
    for writer in writers:
        rng.setstate(state)
        results.append(rewrite(writer, text, rng))
    first = results[0]
    if first is None or any(r != first for r in results):
        return None
    return first[0]


def _count_word(written: Written) -> str | None:
    """The word a count is written with, from what the label counts."""
    label = written.name
    if label.startswith("年龄"):
        return "岁"
    if any(w in label for w in ("人数", "人员数", "规模", "用户数", "专职人员")):
        return "人"
    if any(w in label for w in ("专利", "项目", "合同", "创新数")):
        return "项"
    if any(w in label for w in ("企业数", "职位数")):
        return "个"
    if "活动数量" in label:
        return "次"
    return None


def _units(written: Written, text: str, rng: Random) -> tuple[str, FlatValue] | None:
    value = written.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    unit = written.spec.unit if written.spec is not None else None
    if written.kind is FieldType.INT:
        word = _count_word(written)
        return (f"{value}{word}", value) if word else None
    if written.kind is FieldType.PERCENT:
        if value < 0:
            return None
        plain = number_text(value)
        return rng.choice((f"{plain}%", "百分之" + chinese_decimal(plain))), value
    if unit == "万元":
        yuan = Decimal(repr(float(value))) * 10_000
        options = [f"{grouped(value)}万元"]
        if yuan == yuan.to_integral_value():
            options.append(f"{grouped(int(yuan))}元")
        return rng.choice(options), value
    if unit == "年":
        return f"{number_text(value)}年", value
    return None


def _full_width(written: Written, text: str, rng: Random) -> tuple[str, FlatValue] | None:
    if written.kind in (FieldType.INT, FieldType.NUMBER, FieldType.PERCENT):
        shown = text + ("%" if written.kind is FieldType.PERCENT and rng.random() < 0.5 else "")
        return shown.translate(_FULL_WIDTH), written.value
    if written.kind is FieldType.TEXT and "@" in text:
        return text.replace("@", "＠"), written.value
    return None


def _none_marks(written: Written, text: str, rng: Random) -> tuple[str, FlatValue] | None:
    numeric = written.kind in (FieldType.INT, FieldType.NUMBER, FieldType.PERCENT)
    if numeric and written.value == 0 and written.spec is not None:
        return rng.choice(("—", "无", "/", "——", "－")), written.value
    return None


def _notes(written: Written, text: str, rng: Random) -> tuple[str, FlatValue] | None:
    if written.spec is None or written.spec.is_year_table:
        return None
    if written.kind in (FieldType.INT, FieldType.NUMBER):
        notes = ("（缴纳社保人数）", "（截至申报日）", "（约数）", "（实缴）")
        return text + rng.choice(notes), written.value
    return None


def _month_dates(written: Written, text: str, rng: Random) -> tuple[str, FlatValue] | None:
    if written.kind is not FieldType.DATE or written.spec is None:
        return None
    value = str(written.value)
    year, month = int(value[:4]), int(value[5:7])
    shown = rng.choice((f"{year}年{month}月", f"{year}.{month:02d}", f"{year}年{month:02d}月"))
    return shown, f"{year:04d}-{month:02d}"


def _split_at(text: str, rng: Random) -> list[str] | None:
    if "@" in text:
        dots = [i for i, ch in enumerate(text) if ch in ".@" and 0 < i < len(text) - 1]
        at = rng.choice(dots) if dots else None
        return None if at is None else [text[: at + 1], text[at + 1 :]]
    places = [
        i for i in range(2, len(text) - 2) if _CJK.match(text[i - 1]) and _CJK.match(text[i])
    ]
    if not places:
        return None
    at = rng.choice(places)
    return [text[:at], text[at:]]


VALUE_HABITS: dict[str, Rewrite] = {
    "units": _units,
    "full_width": _full_width,
    "none_marks": _none_marks,
    "notes": _notes,
    "month_dates": _month_dates,
}


def apply_value_habit(habits: Habits, name: str, edit: Edit) -> None:
    rewrite = VALUE_HABITS[name]
    for cell, head, value, writers in habits.value_cells():
        if habits.rng.random() > habits.share:
            continue
        shown = _one_way(writers, rewrite, value, habits.rng)
        if shown is None or shown == value:
            continue
        cell.set_lines([head + shown])
        for writer in writers:
            edit.names.add(writer.name)
            result = rewrite(writer, value, Random(0))
            if result is not None and result[1] != writer.value:
                edit.truth[writer.name] = result[1]


def split_lines(habits: Habits, edit: Edit) -> None:
    """A value typed over two lines of its cell (an address, an e-mail broken at a dot)."""
    for cell, head, value, writers in habits.value_cells():
        texts = all(w.kind is FieldType.TEXT and w.spec is not None for w in writers)
        if not texts or len(value) < 8 or habits.rng.random() > habits.share:
            continue
        lines = _split_at(value, habits.rng)
        if lines is not None:
            cell.set_lines([head + lines[0], lines[1]])
            edit.names.update(w.name for w in writers)


def _year_rows(habits: Habits) -> list[list[CellRef]]:
    found = []
    for row in rows(habits.document):
        years = [c for c in row if _YEAR_CELL.match(c.text().strip())]
        if len(years) >= 2 and all(c.editable() for c in row):
            found.append(row)
    return found


def year_headers(habits: Habits, edit: Edit) -> None:
    """Year columns headed 2020 / 2020年度 / 2020 年, a half year as 上半年 or (1—6月), and
    the corner cell saying 指标, 项目, 年份 or nothing."""
    rng = habits.rng
    year_rows = _year_rows(habits)
    for row in year_rows:
        first = None
        style = rng.randrange(3)
        for i, cell in enumerate(row):
            text = cell.text().strip()
            year = _YEAR_CELL.match(text)
            half = _HALF_CELL.match(text)
            if year is not None:
                first = i if first is None else first
                shown = (year.group(1), f"{year.group(1)}年度", f"{year.group(1)} 年")[style]
                cell.set_lines([shown])
            elif half is not None:
                dash = rng.choice(_DASHES)
                options = (f"{half.group(1)}年上半年", f"{half.group(1)}年（1{dash}6月）",
                           f"{half.group(1)}年1{dash}6月", "上半年", f"（1{dash}6月）")  # fmt: skip
                cell.set_lines([rng.choice(options)])
        if first is not None and first > 0:
            corner = row[first - 1]
            if not _names_a_label(habits.form, corner.text()):
                cell_text = rng.choice(("指标", "项目", "年份", "近三年", "", "指标\n年份"))
                corner.set_lines(cell_text.split("\n"))
    if year_rows:
        edit.names.update(
            name for f in habits.form.fields if f.is_year_table for name in f.flat_names()
        )


def _names_a_label(form: FormSpec, text: str) -> bool:
    plain = re.sub(r"\s", "", text)
    return bool(plain) and any(plain.startswith(f.label.split("/")[0]) for f in form.fields)


def row_labels(habits: Habits, edit: Edit) -> None:
    """A year-table row label typed over two lines, its unit after a slash: 拥有发⏎明专利数量/项."""
    labels = [f.label for f in habits.form.fields if f.is_year_table]
    for row in rows(habits.document):
        for cell in row:
            text = cell.text().strip()
            plain = re.sub(r"\s", "", _ASIDE.sub("", text))
            label = next((lab for lab in labels if plain == lab), None)
            if label is None or not cell.editable() or habits.rng.random() > habits.share:
                continue
            asides = [part for a in _ASIDE.findall(text) for part in a.split("/")]
            units = [u for u in asides if u in _UNIT_WORDS]
            at = habits.rng.randrange(2, len(label)) if len(label) > 3 else len(label)
            tail = label[at:] + (f"/{units[-1]}" if units else "")
            cell.set_lines([label[:at], tail] if tail else [label])
            edit.names.update(habits.form.field(label).flat_names())


def _label_cells(habits: Habits) -> list[tuple[CellRef, FieldSpec]]:
    """Cells holding a scalar field's printed label (its aside or hint lines aside)."""
    labels = {f.label: f for f in habits.form.fields if not f.is_list_table}
    found = []
    for row in rows(habits.document):
        for cell in row:
            first = cell.text().strip().split("\n")[0]
            plain = re.sub(r"\s", "", _ASIDE.sub("", first))
            spec = labels.get(plain)
            if spec is not None and cell.editable():
                found.append((cell, spec))
    return found


def label_marks(habits: Habits, edit: Edit) -> None:
    """Labels typed with a colon, a required-field star, or spaced out: 联 系 人："""
    rng = habits.rng
    for cell, spec in _label_cells(habits):
        if rng.random() > habits.share:
            continue
        lines = cell.text().strip().split("\n")
        label = spec.label
        style = rng.randrange(3)
        if style == 0:
            lines[0] = lines[0] + "："
        elif style == 1:
            lines[0] = "*" + lines[0]
        elif len(label) <= 4 and lines[0] == label:
            lines[0] = " ".join(label)
        cell.set_lines(lines)
        edit.names.update(spec.flat_names())


def value_in_label_cell(habits: Habits, edit: Edit) -> None:
    """The value typed under the label in the label's own cell, the cell beside left empty."""
    labelled = {cell.tc: spec for cell, spec in _label_cells(habits)}
    for cell, head, value, writers in habits.value_cells():
        left = CellRef(cell.row[cell.at - 1], cell.row, cell.at - 1) if cell.at else None
        spec = labelled.get(left.tc) if left is not None else None
        mine = [w for w in writers if w.spec is not None and w.spec == spec]
        if left is None or spec is None or spec.is_year_table or head or not mine:
            continue
        if len(writers) != len(mine) or habits.rng.random() > habits.share:
            continue
        label_lines = left.text().strip().split("\n")
        left.set_lines([*label_lines, value])
        cell.set_lines([""])
        edit.names.add(spec.label)


def _in_yuan(value: FlatValue) -> str | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    yuan = Decimal(repr(float(value))) * 10_000
    return str(int(yuan)) if yuan == yuan.to_integral_value() else None


def label_units(habits: Habits, edit: Edit) -> None:
    """A money row or field labelled in 元 instead of 万元, its numbers typed in yuan."""
    money = {f.label: f for f in habits.form.fields if f.unit == "万元" and not f.is_list_table}
    for row in rows(habits.document):
        for i, cell in enumerate(row):
            text = cell.text()
            plain = re.sub(r"\s", "", _ASIDE.sub("", text.split("\n")[0]))
            spec = money.get(plain)
            if spec is None or "万元" not in text or spec.label in habits.protected:
                continue
            if not cell.editable() or habits.rng.random() > habits.share:
                continue
            values = {n: habits.values.get(n) for n in spec.flat_names()}
            shown = {
                number_text(v): n
                for n, v in values.items()
                if isinstance(v, int | float) and _in_yuan(v) is not None
            }
            targets = [c for c in row[i + 1 :] if c.text().strip()]
            names = [shown.get(c.text().strip()) for c in targets]
            yuan = [_in_yuan(values[n]) if n else None for n in names]
            if not targets or any(y is None for y in yuan) or len(targets) > len(spec.flat_names()):
                continue
            cell.set_lines(text.replace("万元", "元").split("\n"))
            for target, written in zip(targets, yuan, strict=True):
                target.set_lines([f"{written}"])
            edit.names.update(n for n in names if n)


def closing(habits: Habits, edit: Edit) -> None:
    """The seal and date lines typed after the last section."""
    options = (
        ["申报单位（盖章）：", "年    月    日"],
        ["申报单位公章：", "负责人签字：", "日期：    年   月   日"],
        ["推荐单位公章", "年 月 日"],
        ["（单位盖章）", "2022年  月  日"],
    )
    append_body_paragraphs(habits.document, list(habits.rng.choice(options)))
    edit.names.add("(seal and date lines after the last section)")


LAYOUT_HABITS: dict[str, Callable[[Habits, Edit], None]] = {
    "year_headers": year_headers,
    "row_labels": row_labels,
    "split_lines": split_lines,
    "closing": closing,
    "label_marks": label_marks,
    "label_units": label_units,
    "value_in_label_cell": value_in_label_cell,
}

FAMILIES = (*VALUE_HABITS, *LAYOUT_HABITS)

__all__ = ["FAMILIES", "Edit", "Habits", "apply_value_habit"]
