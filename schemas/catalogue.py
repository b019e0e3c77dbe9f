"""The field catalogue of the application forms, per edition.

The 2022 forms are transcribed from 附件2 of the 2022 notice (``data/forms-2022.yaml``).
The 2023 forms are the 2022 ones with every year column moved on by one and the 2023
organisation types (the notices give no 2023 form; see the eligibility spec).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.codes import CodeKind
from schemas.editions import UnknownEdition, edition_info
from schemas.errors import ErrorKind, KczgError


class FieldType(StrEnum):
    TEXT = "text"
    LONGTEXT = "longtext"
    INT = "int"
    NUMBER = "number"
    PERCENT = "percent"
    DATE = "date"
    YEARMONTH = "yearmonth"
    BOOL = "bool"
    CHOICE = "choice"
    MULTI = "multi"
    ENUM = "enum"
    GRADE = "grade"


class SubField(BaseModel):
    """One column of a list table (企业获得称号: 称号名称, 认定年度)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    label: str
    type: FieldType


class FieldSpec(BaseModel):
    """One field of a form, with everything needed to read and check it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    label: str
    type: FieldType | None = None
    options: tuple[str, ...] = ()
    unit: str | None = None
    columns: tuple[str, ...] = ()
    rows: tuple[SubField, ...] = ()
    required: bool = True
    min: float | None = None
    max: float | None = None
    min_chars: int | None = None
    max_chars: int | None = None
    hint: str | None = None
    #: The code system the value is written in, whose own checks tell a misread code.
    code: CodeKind | None = None

    @field_validator("columns", mode="before")
    @classmethod
    def _columns_as_text(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(str(v) for v in value)
        return value

    @property
    def is_year_table(self) -> bool:
        return bool(self.columns)

    @property
    def is_list_table(self) -> bool:
        return bool(self.rows)

    @property
    def cell_type(self) -> FieldType:
        """The type of one value: the field's own, or text for a list table."""
        return self.type or FieldType.TEXT

    def flat_names(self) -> list[str]:
        """Names this field has in the ``--flat`` output."""
        if self.columns:
            return [f"{self.label}/{c}" for c in self.columns]
        return [self.label]


class FormSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    list: str = Field(alias="list")
    title: str
    key: str
    fields: tuple[FieldSpec, ...]
    #: Text the form prints that is no field: its title and section captions
    #: (企业科技创新情况, 个人信息). Read as printed, never as a value.
    printed: tuple[str, ...] = ()

    def field(self, label: str) -> FieldSpec:
        for spec in self.fields:
            if spec.label == label:
                return spec
        raise KeyError(label)

    def field_for_flat(self, flat_name: str) -> FieldSpec:
        """The field a flat name (``label`` or ``label/column``) belongs to."""
        for spec in self.fields:
            if flat_name in spec.flat_names():
                return spec
        raise KeyError(flat_name)


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    edition: int
    forms: tuple[FormSpec, ...]

    def form(self, name: str) -> FormSpec:
        """A form by list name (新锐企业榜) or key (rising_company)."""
        for form in self.forms:
            if name in (form.list, form.key):
                return form
        known = ", ".join(f"{f.list} ({f.key})" for f in self.forms)
        raise UnknownForm(f"no form {name!r} in the {self.edition} edition; known: {known}")


class UnknownForm(KczgError, KeyError):
    """A list name or key that no form of the edition has."""

    kind = ErrorKind.INVALID

    def __str__(self) -> str:
        return str(self.args[0])


#: The 2023 organisation types (2023 notice, 融通创新组织榜 condition 1).
ORG_TYPES_2023 = ("新型研发机构", "专业技术转移机构", "创业孵化载体", "创新联合体")

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _shift_years(text: str, by: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + by), text)


def _shift_field(spec: FieldSpec, by: int) -> FieldSpec:
    update: dict[str, object] = {"columns": tuple(_shift_years(c, by) for c in spec.columns)}
    if spec.key == "org_type" and by > 0:
        update["options"] = ORG_TYPES_2023
    return spec.model_copy(update=update)


def _shift_form(form: FormSpec, by: int) -> FormSpec:
    return form.model_copy(
        update={
            "title": _shift_years(form.title, by),
            "fields": tuple(_shift_field(f, by) for f in form.fields),
        }
    )


@cache
def _base_catalogue() -> Catalogue:
    text = resources.files("schemas").joinpath("data/forms-2022.yaml").read_text("utf-8")
    return Catalogue.model_validate(yaml.safe_load(text))


@cache
def catalogue(edition: int) -> Catalogue:
    """The forms of an edition; an edition without forms is an error, never the nearest year."""
    info = edition_info(edition)
    if not info.has_forms:
        raise UnknownEdition(f"the {edition} edition has no application forms in the catalogue")
    base = _base_catalogue()
    by = edition - base.edition
    forms = tuple(_shift_form(f, by) for f in base.forms if f.list in info.lists)
    return Catalogue(edition=edition, forms=forms)


def form_spec(name: str, edition: int) -> FormSpec:
    return catalogue(edition).form(name)


def form_editions() -> tuple[int, ...]:
    """Editions for which the catalogue has forms."""
    from schemas.editions import EDITIONS

    return tuple(e for e, info in sorted(EDITIONS.items()) if info.has_forms)
