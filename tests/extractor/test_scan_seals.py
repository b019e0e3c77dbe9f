"""Seals on scans: a seal's words are not values, and a value a seal lies over is
``low_confidence`` with what was read, never a silent wrong value nor a false ``missing``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.api import extract
from extractor.assemble import assemble
from extractor.scan import seals
from extractor.scan.paper import ink_gray
from extractor.scan.seals import grey_seals
from schemas.catalogue import form_spec
from tests.conftest import READER_FONT

SEAL_WORDS = "科技创新发展有限公司专用章"


def _printed_page() -> Image.Image:
    """A 150 dpi page with black print: rules and two lines of text."""
    page = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(READER_FONT, 22)
    for y in (200, 260, 320):
        draw.line([(100, y), (1140, y)], 0, 2)
    draw.text((120, 215), "注册资本（万元）    3000", font=font, fill=0)
    draw.text((120, 275), "联系人姓名    朱杰", font=font, fill=0)
    return page


def _grey_seal(page: Image.Image, centre: tuple[int, int], level: int) -> Image.Image:
    """A seal as an office copy shows it: a ring, a star and words, all one mid grey,
    laid over the print (black stays black where they cross)."""
    stamp = Image.new("L", page.size, 255)
    draw = ImageDraw.Draw(stamp)
    cx, cy = centre
    draw.ellipse((cx - 125, cy - 125, cx + 125, cy + 125), outline=level, width=8)
    draw.regular_polygon((cx, cy, 28), 5, fill=level)
    font = ImageFont.truetype(READER_FONT, 27)
    for k, char in enumerate(SEAL_WORDS):
        angle = np.pi * (-0.8 + 1.6 * k / (len(SEAL_WORDS) - 1))
        draw.text(
            (cx + 90 * np.sin(angle) - 12, cy - 90 * np.cos(angle) - 12),
            char,
            font=font,
            fill=level,
        )
    return Image.fromarray(np.minimum(np.asarray(page), np.asarray(stamp)))


def test_a_grey_seal_is_taken_off_and_the_print_under_it_kept() -> None:
    page = _grey_seal(_printed_page(), (330, 260), level=120)
    cleaned, discs = grey_seals(np.asarray(page), 150)
    assert discs is not None and discs[260, 330] == 255 and discs[800, 1000] == 0
    seal_only = (np.asarray(page) == 120) & (np.asarray(_printed_page()) == 255)
    assert (cleaned[seal_only] == 255).mean() > 0.95
    print_ink = np.asarray(_printed_page()) < 60
    assert (cleaned[print_ink] < 100).mean() > 0.97


def _grey_heading(page: Image.Image, y: int, level: int) -> Image.Image:
    """A heading printed in colour across the page, which a copy greys like a seal."""
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(READER_FONT, 28)
    draw.text((110, y), "二、企业管理模式和制度创新（不超过1000字）", font=font, fill=level)
    return page


def test_a_grey_heading_through_a_grey_seal_is_kept_and_the_seal_taken_off_around_it() -> None:
    # The heading is as grey as the seal: it is told from it by running on outside the
    # ring on both sides, grey, with no black print in it.
    printed = _grey_heading(_printed_page(), 400, level=140)
    page = np.asarray(_grey_seal(printed, (500, 415), level=120))
    cleaned, discs = grey_seals(page, 150)
    assert discs is not None and discs[415, 500] == 255
    heading = (np.asarray(printed) < 200) & (discs > 0)
    ys, xs = np.mgrid[0 : page.shape[0], 0 : page.shape[1]]
    beside_ring = np.abs(np.hypot(xs - 500, ys - 415) - 125) > 8
    assert (cleaned[heading & beside_ring] < 200).mean() > 0.9
    # The seal's words above and below the heading's line are still taken off.
    seal_only = (page == 120) & (np.asarray(printed) == 255)
    off_line = np.zeros(page.shape, bool)
    off_line[:380] = off_line[460:] = True
    assert (cleaned[seal_only & off_line] == 255).mean() > 0.95


def _pale_ring(page: Image.Image, centre: tuple[int, int]) -> Image.Image:
    """A seal a copy has all but lost: of its ring only a thin stroke is left, broken every
    few degrees, and its words are gone."""
    stamp = Image.new("L", page.size, 255)
    draw = ImageDraw.Draw(stamp)
    cx, cy = centre
    for start in range(0, 360, 8):
        draw.arc((cx - 125, cy - 125, cx + 125, cy + 125), start, start + 6, fill=120, width=2)
    return Image.fromarray(np.minimum(np.asarray(page), np.asarray(stamp)))


def test_a_pale_broken_ring_of_a_copied_seal_is_still_a_seal() -> None:
    _, discs = grey_seals(np.asarray(_pale_ring(_printed_page(), (600, 450))), 150)
    assert discs is not None and discs[450, 600] == 255 and discs[800, 1100] == 0


def test_grey_speckle_all_over_a_copy_goes_round_no_seal() -> None:
    # Toner dust fills any circle's band, all round, as much as the seal's pale ring fills
    # its own: but it fills the bands beside the circle alike, and a ring does not.
    speckle = np.random.default_rng(7).random((900, 1240)) < 0.2
    assert not seals._goes_round(speckle, 600.0, 450.0, 125.0)
    ring = np.asarray(_pale_ring(Image.new("L", (1240, 900), 255), (600, 450))) < 200
    assert seals._goes_round(ring, 600.0, 450.0, 125.0)


def test_a_full_stop_under_a_grey_seal_is_kept_and_a_fleck_of_the_seal_is_not() -> None:
    # A copy greys a full stop's thin ring as much as the seal (dark at a pixel or two
    # only); a fleck of the seal's ink of the same size is grey all through.
    page = np.asarray(_grey_seal(_printed_page(), (330, 260), level=120)).copy()
    stop, fleck = (285, 250), (375, 250)
    for (x, y), dark in ((stop, 40), (fleck, 120)):
        drawn = Image.fromarray(page)
        ImageDraw.Draw(drawn).ellipse((x - 3, y - 3, x + 3, y + 3), outline=130, width=2)
        page = np.asarray(drawn).copy()
        page[y - 3, x] = dark
    cleaned, discs = grey_seals(page, 150)
    assert discs is not None and discs[stop[1], stop[0]] and discs[fleck[1], fleck[0]]
    ring = (slice(stop[1] - 3, stop[1] + 4), slice(stop[0] - 3, stop[0] + 4))
    assert (cleaned[ring] < 200).sum() >= 12
    speck = (slice(fleck[1] - 3, fleck[1] + 4), slice(fleck[0] - 3, fleck[0] + 4))
    assert (cleaned[speck] < 200).sum() == 0


def _red_seal_in_the_shade(page: Image.Image, centre: tuple[int, int]) -> np.ndarray:
    """The page photographed: a red seal stamped over it (black stays black where they
    cross), in light that falls off to 60 % across the page."""
    stamp = np.asarray(_grey_seal(Image.new("L", page.size, 255), centre, level=0)) < 128
    rgb = np.repeat(np.asarray(page, np.float32)[:, :, None], 3, axis=2)
    red = np.array([205.0, 45.0, 50.0], np.float32)
    rgb[stamp] = np.minimum(rgb[stamp], red)
    light = np.linspace(1.0, 0.6, page.size[0], dtype=np.float32)[None, :, None]
    return np.clip(rgb * light, 0, 255).astype(np.uint8)


def test_a_red_seal_in_the_shade_is_taken_off_and_the_print_under_it_kept() -> None:
    page = _printed_page()
    photo = _red_seal_in_the_shade(page, (900, 260))
    gray = ink_gray(photo).astype(np.float32)
    stamp = np.asarray(_grey_seal(Image.new("L", page.size, 255), (900, 260), level=0)) < 128
    seal_only = stamp & (np.asarray(page) == 255)
    # As light as the paper beside it (a row of plain paper, as shaded): nothing of the
    # seal is left to take for ink or rules, nor for the light on the page.
    paper = gray[600][None, :].repeat(gray.shape[0], axis=0)
    assert (gray[seal_only] >= 0.95 * paper[seal_only]).mean() > 0.97
    print_ink = np.asarray(page) < 60
    assert (gray[print_ink] < 0.4 * paper[print_ink]).mean() > 0.97


def test_the_blurred_edge_of_a_photographed_seal_is_taken_off_with_it() -> None:
    # A phone's lens blurs the seal's strokes and JPEG keeps their colour at half
    # resolution: their edge, a few pixels wide, is pinker than red. Left, it would draw
    # the seal's words in outline for the recogniser to read.
    import io

    import cv2

    page = _printed_page()
    shot = cv2.GaussianBlur(_red_seal_in_the_shade(page, (900, 260)), (5, 5), 1.2)
    buffer = io.BytesIO()
    Image.fromarray(shot).save(buffer, format="JPEG", quality=80)
    photo = np.asarray(Image.open(buffer).convert("RGB"))
    gray = ink_gray(photo).astype(np.float32)
    stamp = np.asarray(_grey_seal(Image.new("L", page.size, 255), (900, 260), level=0)) < 128
    far_from_print = cv2.erode((np.asarray(page) == 255).astype(np.uint8), np.ones((15, 15)))
    edge = (cv2.dilate(stamp.astype(np.uint8), np.ones((9, 9))) > 0) & (far_from_print > 0)
    paper = gray[600][None, :].repeat(gray.shape[0], axis=0)
    assert (gray[edge] >= 0.93 * paper[edge]).mean() > 0.88


def test_a_page_without_a_seal_is_left_as_it_is() -> None:
    page = np.asarray(_printed_page())
    cleaned, discs = grey_seals(page, 150)
    assert discs is None and cleaned is page


def test_an_empty_looking_cell_under_a_seal_is_not_missing(make_layout: Any) -> None:
    layout = make_layout(
        [["申报企业名称", "智芯科技有限公司"], ["注册资本", ""], ["法定代表人", ""]]
    )
    layout.kind = "scan"
    next(layout.tables()).at(1, 1).sealed = True
    record = assemble(layout, form_spec("新锐企业榜", 2022), 2022)
    flags = {(f.field, f.code.value, f.severity.value) for f in record.flags}
    assert ("注册资本", "low_confidence", "warning") in flags
    assert not {f for f in flags if f[0] == "注册资本" and f[2] == "error"}
    # The cell beside no seal is found empty: that one is missing.
    assert ("法定代表人", "missing", "error") in flags


def test_a_value_read_under_a_seal_is_given_in_doubt(make_layout: Any) -> None:
    layout = make_layout([["注册资本", "3000"]])
    layout.kind = "scan"
    next(layout.tables()).at(0, 1).sealed = True
    record = assemble(layout, form_spec("新锐企业榜", 2022), 2022)
    assert record.value("注册资本") == 3000
    (flag,) = [f for f in record.flags if f.field == "注册资本"]
    assert flag.code.value == "low_confidence" and "3000" in flag.message
    assert record.values["注册资本"].confidence < 1.0


@pytest.mark.parametrize("kind", ["copy", "photo"])
def test_a_stamped_form_reads_no_seal_words_and_flags_what_the_seal_covers(
    sample_set: list[Any], tmp_path: Path, kind: str
) -> None:
    from samples.render_pdf import to_pdf
    from samples.render_scan import to_photo

    info = next(i for i in sample_set if i.form == "新锐企业榜" and i.layout == "faithful")
    pdf = to_pdf(info.files["docx"], tmp_path)
    record = extract(to_photo(pdf, tmp_path / f"{kind}.pdf", seed=4242, kind=kind))
    truth = json.loads(info.truth.read_text("utf-8"))
    flat = record.flat()
    texts = [v for v in flat["values"].values() if isinstance(v, str)]
    texts += [u.text for u in record.unread_text]
    assert not [t for t in texts if "专用" in t or "发展有限" in t]
    sealed = [name for name, value in record.values.items() if "印章" in _messages(record, name)]
    assert sealed, "the seal lies over some value on every page of this form"
    for name in sealed:
        assert record.values[name].confidence < 0.8
    # Nothing the truth holds is called missing, under the seal or elsewhere.
    missing = {f.field for f in record.flags if f.code.value == "missing"}
    assert not missing & set(truth["values"])


def _messages(record: Any, name: str) -> str:
    return " ".join(f.message for f in record.flags if f.field == name)
