"""Scanned renderings: image-only, at 150 dpi, and the same bytes for the same seed."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from samples.render_scan import to_images, to_scan


def test_scan_pdf_holds_only_page_images(box_form_pdf: Path, tmp_path: Path) -> None:
    scan = to_scan(box_form_pdf, tmp_path / "scan.pdf", seed=3)
    with pdfplumber.open(scan) as pdf:
        (page,) = pdf.pages
        assert page.chars == [] and len(page.images) == 1
        # A4 (595 x 842 pt) grows a little when the tilted page is expanded.
        assert 595 <= page.width < 640 and 842 <= page.height < 880


def test_same_seed_same_bytes_other_seed_other_bytes(box_form_pdf: Path, tmp_path: Path) -> None:
    first = to_scan(box_form_pdf, tmp_path / "a" / "scan.pdf", seed=5).read_bytes()
    again = to_scan(box_form_pdf, tmp_path / "b" / "scan.pdf", seed=5).read_bytes()
    other = to_scan(box_form_pdf, tmp_path / "c" / "scan.pdf", seed=6).read_bytes()
    assert first == again and first != other


@pytest.mark.parametrize(("fmt", "suffix"), [("png", ".png"), ("jpeg", ".jpg")])
def test_page_images_carry_their_resolution(
    box_form_pdf: Path, tmp_path: Path, fmt: str, suffix: str
) -> None:
    (path,) = to_images(box_form_pdf, tmp_path, seed=2, fmt=fmt)
    assert path.suffix == suffix
    with Image.open(path) as image:
        assert round(image.info["dpi"][0]) == 150 and image.mode == "L"


def test_quarter_turn_lays_the_page_on_its_side(box_form_pdf: Path, tmp_path: Path) -> None:
    (path,) = to_images(box_form_pdf, tmp_path, seed=2, turn=1)
    with Image.open(path) as image:
        assert image.width > image.height


def test_unknown_image_format_is_refused(box_form_pdf: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="png or jpeg"):
        to_images(box_form_pdf, tmp_path, seed=2, fmt="gif")


def test_photo_is_colour_with_a_red_seal_and_copy_is_grey(
    box_form_pdf: Path, tmp_path: Path
) -> None:
    import numpy as np

    from samples.render_scan import photographed_pages, to_photo

    (photo,) = photographed_pages(box_form_pdf, 4, kind="photo")
    (copy,) = photographed_pages(box_form_pdf, 4, kind="copy")
    assert photo.mode == "RGB" and copy.mode == "L"
    rgb = np.asarray(photo).astype(int)
    red = (rgb[:, :, 0] - np.maximum(rgb[:, :, 1], rgb[:, :, 2])) > 60
    assert red.mean() > 0.001
    first = to_photo(box_form_pdf, tmp_path / "a.pdf", seed=4).read_bytes()
    assert first == to_photo(box_form_pdf, tmp_path / "b.pdf", seed=4).read_bytes()


def test_unknown_photo_kind_is_refused(box_form_pdf: Path) -> None:
    from samples.render_scan import photographed_pages

    with pytest.raises(ValueError, match="photo, copy"):
        photographed_pages(box_form_pdf, 1, kind="fax")
