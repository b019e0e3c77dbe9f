"""A form read into typed values, each with its provenance and confidence."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.flags import Flag
from schemas.provenance import Provenance

#: A value as it appears in the ``--flat`` output.
Scalar = str | int | float | bool | None
FlatValue = Scalar | list[str] | list[dict[str, Scalar]]


class FieldValue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    #: The flat name: ``label``, or ``label/column`` for a year-table cell.
    name: str
    value: FlatValue
    provenance: Provenance
    #: 0..1; 1.0 for text read from a file's own text, the OCR score for scans.
    confidence: float = 1.0
    #: Other values the text read could stand for, when a scan's reading was in doubt
    #: (look-alike characters: O/0, I/1, S/5); the reviewer picks. Not in ``--flat``.
    alternatives: list[FlatValue] = Field(default_factory=list)


class UnreadText(BaseModel):
    """Text of the form that no field took: a reviewer reads it, and so do tests."""

    model_config = ConfigDict(extra="forbid")
    text: str
    provenance: Provenance


class FormRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    form: str
    form_key: str
    edition: int
    source: str
    values: dict[str, FieldValue] = Field(default_factory=dict)
    flags: list[Flag] = Field(default_factory=list)
    #: Every non-empty cell and paragraph no field consumed (printed labels, hints and
    #: seal lines aside); empty on a form read correctly.
    unread_text: list[UnreadText] = Field(default_factory=list)
    #: The OCR runtime that read a scanned form (``openvino`` or ``onnxruntime``); None when
    #: the file had its own text. Not part of the ``--flat`` shape.
    ocr_engine: str | None = None
    #: What that runtime computed in (``f32`` or ``bf16``); None when the file had its own
    #: text. Not part of the ``--flat`` shape.
    ocr_precision: str | None = None

    def value(self, name: str) -> FlatValue:
        field = self.values.get(name)
        return None if field is None else field.value

    def flat_values(self) -> dict[str, FlatValue]:
        return {name: fv.value for name, fv in self.values.items()}

    def flat_record(self) -> FlatRecord:
        """The record in the published ``--flat`` shape, as its model."""
        return FlatRecord(
            form=self.form,
            edition=self.edition,
            values=self.flat_values(),
            flags=[FlatFlag.model_validate(flag.flat()) for flag in self.flags],
            unread_text=len(self.unread_text),
        )

    def flat(self) -> dict[str, Any]:
        """The published ``--flat`` shape; other tools read it, change it only by adding."""
        return self.flat_record().model_dump(mode="json")


class FlatFlag(BaseModel):
    """A flag as ``--flat`` prints it."""

    field: str
    code: str
    severity: str
    message: str


class FlatRecord(BaseModel):
    """The published ``--flat`` shape (``kczg extract --flat``, the API's ``flat``).

    Other tools read it: names and shapes are only ever added to.
    """

    form: str = Field(description="The list, e.g. 新锐企业榜.")
    edition: int
    values: dict[str, FlatValue] = Field(
        description="Catalogue label (or label/column) -> value; a missing field is left out."
    )
    flags: list[FlatFlag]
    unread_text: int = Field(description="How many pieces of text no field consumed.")
