"""Scans of a form (image-only PDF, PNG, JPEG; tilted, noisy, even upside down) read as tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractor.errors import UnreadableFile
from extractor.layout import Layout
from extractor.scan import page_image, read_scan
from extractor.scan.engine import engine
from samples.render_scan import to_images, to_scan

EXPECTED_ROWS = [
    ["是否上市", "☑是 □否"],
    ["企业类型", "□国企 ☑民企 □外资"],
    ["填表人", "李四"],
]


def _rows(layout: Layout) -> list[list[str]]:
    (table,) = layout.tables()
    return [[c.text for c in table.row_cells(r)] for r in range(table.n_rows)]


def _squashed(rows: list[list[str]]) -> list[list[str]]:
    # Whether OCR sees a space between a box and its option is not the reader's promise.
    return [[text.replace(" ", "") for text in row] for row in rows]


@pytest.fixture(scope="module")
def scanned(box_form_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Layout:
    scan = to_scan(box_form_pdf, tmp_path_factory.mktemp("scan") / "boxes-scan.pdf", seed=7)
    return read_scan(scan, source="扫描件.pdf")


def test_image_only_pdf_reads_as_the_table(scanned: Layout) -> None:
    assert (scanned.kind, scanned.pages, scanned.source) == ("scan", 1, "扫描件.pdf")
    assert _squashed(_rows(scanned)) == _squashed(EXPECTED_ROWS)


def test_scan_cells_carry_ocr_confidence_and_point_positions(scanned: Layout) -> None:
    (table,) = scanned.tables()
    label = table.at(0, 0)
    assert label is not None and label.bbox is not None and label.page == 1
    # The drawn table starts 72 pt from the left, 100 pt from the top of an A4 page; the
    # tilted scan's page is a little larger, by up to 11 pt a side at 1.5 degrees.
    assert abs(label.bbox[0] - 72) < 16 and abs(label.bbox[1] - 100) < 16
    assert 0.5 <= label.confidence <= 1.0
    assert [p.text for p in scanned.paragraphs()][-1] == "填报日期：2022年6月30日"


@pytest.mark.parametrize(("fmt", "turn"), [("jpeg", 2), ("png", 1)])
def test_turned_page_images_are_read_upright(
    box_form_pdf: Path, tmp_path: Path, fmt: str, turn: int
) -> None:
    (image,) = to_images(box_form_pdf, tmp_path, seed=11, fmt=fmt, turn=turn)
    assert _squashed(_rows(read_scan(image))) == _squashed(EXPECTED_ROWS)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(b"")
    with pytest.raises(UnreadableFile, match="empty file"):
        read_scan(path)


def test_other_formats_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"
    path.write_bytes(b"GIF89a not a scan")
    with pytest.raises(UnreadableFile, match="not a PDF, PNG, JPEG or TIFF file"):
        read_scan(path)


def test_truncated_image_is_refused_in_one_line(box_form_pdf: Path, tmp_path: Path) -> None:
    (image,) = to_images(box_form_pdf, tmp_path, seed=1)
    image.write_bytes(image.read_bytes()[:2000])
    with pytest.raises(UnreadableFile) as raised:
        read_scan(image)
    assert raised.value.message.startswith("cannot decode image") and "\n" not in str(raised.value)


def test_page_image_shows_the_region_a_value_was_read_from(
    box_form_pdf: Path, tmp_path: Path
) -> None:
    (image_path,) = to_images(box_form_pdf, tmp_path, seed=11, fmt="jpeg", turn=2)
    (table,) = read_scan(image_path).tables()
    (cell,) = [c for c in table.cells if c.text == "李四"]
    assert cell.bbox is not None and cell.page == 1
    image = page_image(image_path, 1)
    scale = image.info["dpi"][0] / 72
    x0, top, x1, bottom = (round(v * scale) for v in cell.bbox)
    region = np.asarray(image)[top:bottom, x0:x1]
    # The upside-down photo is shown upright, so the cell's box holds the name's ink, and
    # the recogniser reads the name from that region alone.
    assert (region < 128).mean() > 0.02
    assert "李四" in engine().ocr(np.dstack([region] * 3))[0][0][1]


def test_page_image_of_a_missing_page_is_a_clear_error(box_form_pdf: Path, tmp_path: Path) -> None:
    scan = to_scan(box_form_pdf, tmp_path / "one.pdf", seed=2)
    with pytest.raises(UnreadableFile, match="no page 3: the file has 1"):
        page_image(scan, 3)


def test_multipage_tiff_reads_every_page_and_shows_each(box_form_pdf: Path, tmp_path: Path) -> None:
    upright, turned = (
        Image.open(path)
        for path in (
            *to_images(box_form_pdf, tmp_path / "a", seed=5),
            *to_images(box_form_pdf, tmp_path / "b", seed=6, turn=2),
        )
    )
    # A 300 dpi office scanner's file: the frames are decoded one at a time, and shrunk.
    frames = [page.resize((page.width * 2, page.height * 2)) for page in (upright, turned)]
    tiff = tmp_path / "two.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(300, 300))
    layout = read_scan(tiff)
    assert layout.pages == 2
    names = [c for table in layout.tables() for c in table.cells if c.text == "李四"]
    assert sorted(c.page for c in names) == [1, 2]
    first, second = page_image(tiff, 1), page_image(tiff, 2)
    assert first.info["dpi"] == second.info["dpi"] == (150, 150)
    with pytest.raises(UnreadableFile, match="no page 3: the file has 2"):
        page_image(tiff, 3)


def test_a_boxed_line_outside_any_table_is_read_whole_as_a_paragraph() -> None:
    # A heading in a box of its own (a table's row a page break cut off, or a boxed note):
    # no table, but its line is read as a cell's is, every character of it.
    from PIL import ImageDraw, ImageFont

    from extractor.layout import Paragraph
    from extractor.scan.page import read_scan_page
    from tests.conftest import READER_FONT

    heading = "一、申请人所具备的科技成果转移转化实践技能与经验成效"
    page = Image.new("L", (1240, 400), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((180, 150, 1060, 200), outline=0, width=2)
    draw.text((200, 160), heading, font=ImageFont.truetype(READER_FONT, 26), fill=0)
    blocks = read_scan_page(np.asarray(page), 1, 150.0)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [heading]
