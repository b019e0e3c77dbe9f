"""The .docx and PDF readers on mutated bytes of real samples, driven by hypothesis for a
bounded number of examples: every file is read or refused with an ``ExtractionError``,
never another exception."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.api import extract
from extractor.errors import ExtractionError
from schemas.record import FormRecord
from tests.conftest import CHECKED_IN

DOCX = sorted(CHECKED_IN.glob("*.docx"))
#: Seconds one mutated file may take before it counts as a hang (the test then fails).
LIMIT = 30.0
BOUNDED = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

Edit = tuple[int, int, bytes]
EDITS = st.lists(
    st.tuples(
        st.integers(0, 2**31),
        st.integers(0, 64),
        st.binary(max_size=16),
    ),
    min_size=1,
    max_size=6,
)


def _mutated(data: bytes, edits: list[Edit]) -> bytes:
    """Each edit replaces ``length`` bytes at a position (wrapped into the data) by others."""
    out = bytearray(data)
    for position, length, replacement in edits:
        at = position % max(len(out), 1)
        out[at : at + length] = replacement
    return bytes(out)


def _read(path: Path) -> FormRecord | ExtractionError:
    try:
        return extract(path, time_limit=LIMIT)
    except ExtractionError as err:
        assert err.message.strip() and err.source == path.name
        return err


@BOUNDED
@given(sample=st.sampled_from(DOCX), edits=EDITS)
def test_a_docx_with_mutated_bytes_is_read_or_refused(
    tmp_path: Path, sample: Path, edits: list[Edit]
) -> None:
    path = tmp_path / "mutated.docx"
    path.write_bytes(_mutated(sample.read_bytes(), edits))
    _read(path)


def _rezipped(sample: Path, part: str, edits: list[Edit]) -> bytes:
    """The sample with one XML part mutated and the package zipped again (so the damage
    reaches the XML and layout layers, not only the zip checksums)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(sample) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            zipped.writestr(info, _mutated(data, edits) if info.filename == part else data)
    return out.getvalue()


@BOUNDED
@given(
    sample=st.sampled_from(DOCX),
    part=st.sampled_from(
        ["word/document.xml", "word/styles.xml", "[Content_Types].xml", "_rels/.rels"]
    ),
    edits=EDITS,
)
def test_a_docx_with_a_mutated_xml_part_is_read_or_refused(
    tmp_path: Path, sample: Path, part: str, edits: list[Edit]
) -> None:
    path = tmp_path / "mutated.docx"
    path.write_bytes(_rezipped(sample, part, edits))
    _read(path)


@settings(BOUNDED, max_examples=60)
@given(edits=EDITS)
def test_a_pdf_with_mutated_bytes_is_read_or_refused(
    tmp_path: Path, box_form_pdf: Path, edits: list[Edit]
) -> None:
    path = tmp_path / "mutated.pdf"
    path.write_bytes(_mutated(box_form_pdf.read_bytes(), edits))
    _read(path)


@settings(BOUNDED, max_examples=30)
@given(edits=EDITS)
def test_a_libreoffice_pdf_form_with_mutated_bytes_is_read_or_refused(
    tmp_path: Path, reader_form_pdf: Path, edits: list[Edit]
) -> None:
    path = tmp_path / "mutated.pdf"
    path.write_bytes(_mutated(reader_form_pdf.read_bytes(), edits))
    _read(path)
