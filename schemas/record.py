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


class FormRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    form: str
    form_key: str
    edition: int
    source: str
    values: dict[str, FieldValue] = Field(default_factory=dict)
    flags: list[Flag] = Field(default_factory=list)
    #: The OCR runtime that read a scanned form (``openvino`` or ``onnxruntime``); None when
    #: the file had its own text. Not part of the ``--flat`` shape.
    ocr_engine: str | None = None

    def value(self, name: str) -> FlatValue:
        field = self.values.get(name)
        return None if field is None else field.value

    def flat_values(self) -> dict[str, FlatValue]:
        return {name: fv.value for name, fv in self.values.items()}

    def flat(self) -> dict[str, Any]:
        """The published ``--flat`` shape; other tools read it, change it only by adding."""
        return {
            "form": self.form,
            "edition": self.edition,
            "values": self.flat_values(),
            "flags": [flag.flat() for flag in self.flags],
        }
