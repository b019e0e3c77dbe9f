"""Skew and quarter turns are found from pixels alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractor.scan.deskew import quarter_turned, skew_angle, upright


@pytest.fixture(scope="module")
def page(box_form_pdf: Path) -> Image.Image:
    doc = pdfium.PdfDocument(box_form_pdf)
    try:
        image: Image.Image = doc[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
        return image
    finally:
        doc.close()


@pytest.mark.parametrize("degrees", [-1.5, -0.4, 0.0, 0.8, 2.0])
def test_skew_is_measured_to_a_tenth_of_a_degree(page: Image.Image, degrees: float) -> None:
    tilted = np.array(page.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert abs(skew_angle(tilted) + degrees) <= 0.1


def test_page_on_its_side_is_noticed(page: Image.Image) -> None:
    level = np.array(page)
    assert not quarter_turned(level)
    assert quarter_turned(np.ascontiguousarray(np.rot90(level)))
    assert upright(np.ascontiguousarray(np.rot90(level))).shape == level.shape
