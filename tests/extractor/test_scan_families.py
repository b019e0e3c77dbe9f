"""The scan failure families, each fixed in general: rare characters dropped, O/0 and I/1 in
codes, and a dense row merged with the next where its rule is faint or its text touches it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.layout import Table
from extractor.scan import ocr, read_scan
from extractor.scan.confusables import mend, mend_codes, pair_quotes
from extractor.scan.decode import decode
from extractor.scan.grid import binarise, find_grids, rule_ink
from extractor.scan.lines import clean_ink, line_boxes
from extractor.scan.ocr import Piece
from extractor.scan.page import distinct
from tests.conftest import READER_FONT

#: 10.5 pt text at 150 dpi.
TEXT_PX = 22


def _page(rows: list[list[str]], *, row_height: int, faint: int | None = None) -> Image.Image:
    """A 150 dpi page with a ruled table; the rule under row ``faint`` is light grey."""
    page = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(READER_FONT, TEXT_PX)
    xs = [100, 400, 1140]
    top = 150
    for r, row in enumerate(rows):
        y = top + r * row_height
        for c, text in enumerate(row):
            draw.text((xs[c] + 8, y + (row_height - TEXT_PX) // 2 - 1), text, font=font, fill=0)
    for r in range(len(rows) + 1):
        shade = 200 if faint is not None and r == faint + 1 else 0
        draw.line([(xs[0], top + r * row_height), (xs[-1], top + r * row_height)], shade, 2)
    for x in xs:
        draw.line([(x, top), (x, top + len(rows) * row_height)], 0, 2)
    return page


def _saved(page: Image.Image, tmp_path: Path) -> Path:
    path = tmp_path / "page.png"
    page.save(path, dpi=(150, 150))
    return path


def _read(page: Image.Image, tmp_path: Path) -> Table:
    (table,) = read_scan(_saved(page, tmp_path)).tables()
    return table


def _rows(table: Table) -> list[list[str]]:
    return [[c.text.replace(" ", "") for c in table.row_cells(r)] for r in range(table.n_rows)]


def test_a_character_that_narrowly_loses_to_blank_is_kept() -> None:
    chars = ["blank", "技", "术", "交", "易", "合", "服", "务", "最", "摄", "撮"]
    steps = np.full((30, len(chars)), 0.0, np.float32)
    steps[:, 0] = 1.0
    # One character every 4 steps, and none where 撮 stands (step 17).
    for step, index in ((1, 1), (5, 2), (9, 3), (13, 4), (21, 5), (25, 6), (29, 7)):
        steps[step] = 0.0
        steps[step, index] = 1.0
    # There "no character" wins with 0.5; 最, 摄 and 撮 share the rest (as the model gave
    # for 撮 in 撮合); the word 撮合 decides.
    steps[17] = [0.5, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.16, 0.14]
    text, score = decode(steps, chars)
    assert text == "技术交易撮合服务" and score < 1.0


def _gap_line(doubt: list[float]) -> tuple[np.ndarray, list[str]]:
    """技术交易?合服务 with the step where ? stands given ``doubt`` (blank first)."""
    chars = ["blank", "技", "术", "交", "易", "合", "服", "务", "最", "摄", "撮", "司", "#"]
    steps = np.full((30, len(chars)), 0.0, np.float32)
    steps[:, 0] = 1.0
    for step, index in ((1, 1), (5, 2), (9, 3), (13, 4), (21, 5), (25, 6), (29, 7)):
        steps[step] = 0.0
        steps[step, index] = 1.0
    steps[17] = doubt
    return steps, chars


def test_a_rare_character_the_blank_wins_clearly_is_kept_when_it_makes_a_word() -> None:
    # As the model gave for 撮 on scanned pages: "no character" at 0.7, 撮 not the likeliest.
    steps, chars = _gap_line([0.7, 0, 0, 0, 0, 0, 0, 0, 0.09, 0.04, 0.07, 0, 0])
    assert decode(steps, chars)[0] == "技术交易撮合服务"


def _read_line(at_middle: list[float]) -> str:
    """博士硕?5人 decoded, the step where ? stands given ``at_middle`` (blank, 土, 士, 的)."""
    chars = ["blank", "博", "士", "硕", "5", "人", "土", "的"]
    steps = np.full((21, len(chars)), 0.0, np.float32)
    steps[:, 0] = 1.0
    for step, index in ((1, 1), (5, 2), (9, 3), (17, 4), (20, 5)):
        steps[step] = 0.0
        steps[step, index] = 1.0
    steps[13] = [at_middle[0], 0, at_middle[2], 0, 0, 0, at_middle[1], at_middle[3]]
    return decode(steps, chars)[0]


def test_a_character_that_makes_no_word_gives_way_to_a_close_runner_up_that_does() -> None:
    # 硕士 on a scan: 土 narrowly beat 士 (0.53 to 0.46), and 硕土 is no word.
    assert _read_line([0.005, 0.53, 0.46, 0.0]) == "博士硕士5人"


@pytest.mark.parametrize(
    "at_middle",
    [
        # 士 far less likely than 土, of which the model is sure: the reading stands.
        [0.005, 0.95, 0.04, 0.0],
        # 的 makes no word here either, but is the reading; no runner-up makes one.
        [0.005, 0.0, 0.0, 0.9],
    ],
)
def test_a_clear_reading_stands_though_it_makes_no_word(at_middle: list[float]) -> None:
    read = _read_line(at_middle)
    assert read[3] != "士" and len(read) == 6


def _read_among(left: str, right: str, doubt: dict[str, float]) -> str:
    """``left``?``right`` decoded, one character a step apart from the next, the step where ?
    stands given ``doubt`` (character -> probability; the rest is "no character")."""
    chars = ["blank", *dict.fromkeys(left + right + "".join(doubt))]
    steps = np.full((4 * (len(left) + len(right) + 1), len(chars)), 0.0, np.float32)
    steps[:, 0] = 1.0
    text = [*left, None, *right]
    for k, char in enumerate(text):
        step = 4 * k + 1
        steps[step] = 0.0
        if char is None:
            for other, p in doubt.items():
                steps[step, chars.index(other)] = p
            steps[step, 0] = 1.0 - sum(doubt.values())
        else:
            steps[step, chars.index(char)] = 1.0
    return decode(steps, chars)[0]


def test_a_doubtful_reading_gives_way_to_a_faint_one_that_makes_a_common_word() -> None:
    # As the model read 撮合 on a phone photo: 最 0.72, 量 0.017, 撮 0.015; 最 makes no word
    # with 易 or 合, 撮合 is a word.
    read = _read_among("技术交易", "合服务", {"最": 0.72, "量": 0.017, "撮": 0.015})
    assert read == "技术交易撮合服务"


@pytest.mark.parametrize(
    ("left", "right", "doubt"),
    [
        # 入店 is a word, but a rare one: 占 stays.
        ("研发投入", "营业收入", {"占": 0.6, "店": 0.05}),
        # The model sure of 最: no runner-up, however it makes a word, takes its place.
        ("技术交易", "合服务", {"最": 0.95, "撮": 0.03}),
        # 撮 fainter still than a fiftieth of 最.
        ("技术交易", "合服务", {"最": 0.72, "撮": 0.01}),
        # A list's box read as 口, its runner-up 一 making 一生: the box stays a box.
        ("新材料及应用", "生物技术与生命科学", {"口": 0.6, "一": 0.2}),
    ],
)
def test_a_reading_stands_where_no_common_word_vouches_for_its_runner_up(
    left: str, right: str, doubt: dict[str, float]
) -> None:
    read = _read_among(left, right, doubt)
    assert read == left + next(iter(doubt)) + right


def test_a_rare_character_is_kept_on_a_line_read_with_character_boxes() -> None:
    # A line beside a checkbox is read with the recogniser's character boxes, to tell the
    # box from the character next to it; it loses no rare character for that.
    from rapidocr_onnxruntime.ch_ppocr_rec.utils import CTCLabelDecode

    from extractor.scan.decode import CtcDecoder

    steps, chars = _gap_line([0.7, 0, 0, 0, 0, 0, 0, 0, 0.09, 0.04, 0.07, 0, 0])
    original = CTCLabelDecode(character=chars[1:])
    reorder = [original.character.index(c) for c in chars]
    preds = np.zeros((1, 30, len(original.character)), np.float32)
    preds[0][:, reorder] = steps
    ((text, _, (_, words, columns, _, _)),) = CtcDecoder(original)(
        preds, True, wh_ratio_list=[1.0], max_wh_ratio=1.0
    )
    assert text == "技术交易撮合服务"
    assert ["".join(w) for w in words] == [text] and columns[0][4] == 17


@pytest.mark.parametrize(
    "doubt",
    [
        # A stray mark in the gap makes no word with its neighbours.
        [0.7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.08],
        # 撮 would make a word, but is far less likely than the mark there.
        [0.7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0, 0.2],
        # "No character" nearly sure: nothing is there.
        [0.95, 0, 0, 0, 0, 0, 0, 0, 0.02, 0, 0.03, 0, 0],
    ],
)
def test_a_doubtful_gap_with_no_word_in_it_stays_a_gap(doubt: list[float]) -> None:
    steps, chars = _gap_line(doubt)
    assert decode(steps, chars)[0] == "技术交易合服务"


def test_a_smeared_character_is_not_doubled() -> None:
    # A blurred photo spreads a character over more steps: doubt beside it is the same ink.
    chars = ["blank", "深", "圳"]
    steps = np.zeros((12, 3), np.float32)
    steps[:, 0] = 1.0
    steps[2] = [0, 1, 0]
    steps[5] = [0.55, 0.45, 0]
    steps[10] = [0, 0, 1]
    assert decode(steps, chars)[0] == "深圳"


def test_a_clear_gap_stays_a_gap() -> None:
    chars = ["blank", "甲", "乙"]
    steps = np.zeros((9, 3), np.float32)
    steps[:, 0] = 0.95
    steps[:, 1:] = 0.025
    steps[1] = [0, 1, 0]
    steps[7] = [0, 0, 1]
    assert decode(steps, chars)[0] == "甲乙"


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("已通过IS09001质量管理体系认证", "已通过ISO9001质量管理体系认证"),
        ("1SO14001", "ISO14001"),
        ("GB/T19OO1", "GB/T19001"),
        ("CMM15级", "CMMI5级"),
        ("2O19年", "2019年"),
        # 千 read as 干 after a digit; where 干 is a word of its own, it stays.
        ("累计融资金额约5干万元", "累计融资金额约5千万元"),
        ("累计服务2干人次", "累计服务2千人次"),
        ("培训基层干部3干余人", "培训基层干部3千余人"),
        ("选派3名干部", "选派3名干部"),
        ("第3干线", "第3干线"),
    ],
)
def test_letter_digit_slips_in_codes_and_thousands_are_put_right(read: str, meant: str) -> None:
    assert mend(read) == meant


@pytest.mark.parametrize("word", ["16GB", "Python3", "H1N1", "COVID19", "li1@x.com", "TRL6"])
def test_words_that_are_not_slips_are_left(word: str) -> None:
    assert mend_codes(word) == word


def test_rare_characters_and_codes_read_from_a_scan(tmp_path: Path) -> None:
    rows = [
        ["服务内容", "技术评估、中试熟化和交易撮合的全链条服务"],
        ["质量认证", "已通过ISO9001质量管理体系认证"],
    ]
    assert _rows(_read(_page(rows, row_height=40), tmp_path)) == rows


def test_dense_rows_with_a_faint_rule_stay_apart(tmp_path: Path) -> None:
    # Rows barely taller than their text: strokes of 技 and 中 reach both rules, and the
    # rule under the second row is light grey.
    rows = [
        ["工作单位", "南京技术创新联盟"],
        ["技术名称", "中试熟化平台"],
        ["联系电话", "025-84561234"],
    ]
    page = _page(rows, row_height=TEXT_PX + 4, faint=1)
    (grid,) = find_grids(rule_ink(np.asarray(page)), 150, text=binarise(np.asarray(page)))
    assert (len(grid.ys) - 1, len(grid.xs) - 1) == (3, 2)
    assert _rows(_read(page, tmp_path)) == rows


def test_a_line_read_twice_over_is_read_once() -> None:
    # Two crops of one slanted line each read it: their pieces interleave (负负责责制制).
    first = [Piece(c, 100 + 20 * i, 50, 118 + 20 * i, 70, 0.9) for i, c in enumerate("负责制")]
    again = [Piece(c, 103 + 20 * i, 54, 121 + 20 * i, 74, 0.8) for i, c in enumerate("负责制")]
    kept = sorted(distinct([*first, *again]), key=lambda p: p.x0)
    assert "".join(p.text for p in kept) == "负责制" and kept == first


def test_the_same_character_twice_in_a_row_is_kept_twice() -> None:
    pieces = [Piece(c, 100 + 20 * i, 50, 118 + 20 * i, 70, 0.9) for i, c in enumerate("人人")]
    assert len(distinct(pieces)) == 2


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("积极参与“科创中国“路演", "积极参与“科创中国”路演"),
        ('专精特新“小巨人"企业', "专精特新“小巨人”企业"),
        ('获评"科创中国"榜单，“小巨人“企业', "获评“科创中国”榜单，“小巨人”企业"),
        # A closing mark with none open closes what the page before opened: left.
        ("国”路演、试点城市", "国”路演、试点城市"),
        # A straight quote among Latin letters and digits is no Chinese quotation mark.
        ('15.6" display', '15.6" display'),
    ],
)
def test_quotation_marks_are_taken_in_pairs(read: str, meant: str) -> None:
    assert pair_quotes(read) == meant


def _nested_page(bottom_gap: int) -> Image.Image:
    """A 150 dpi page: a label cell, and beside it a cell holding a ruled 3x2 table that
    stands ``bottom_gap`` pixels above the cell's bottom rule."""
    page = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(READER_FONT, TEXT_PX)
    xs, top, height = [370, 520, 1130], 207, 70
    bottom = top + 3 * height + bottom_gap
    draw.rectangle([(100, 150), (1140, bottom)], outline=0, width=2)
    draw.line([(360, 150), (360, bottom)], 0, 2)
    draw.text((108, 280), "资质证书情况", font=font, fill=0)
    rows = [["颁发日期", "颁发机构"], ["2017-12-04", "中国科协创新战略研究院"]]
    rows.append(["2020-12-18", "深圳市科技创新委员会"])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            draw.text((xs[c] + 8, top + r * height + 24), text, font=font, fill=0)
    for r in range(len(rows) + 1):
        draw.line([(xs[0], top + r * height), (xs[-1], top + r * height)], 0, 2)
    for x in xs:
        draw.line([(x, top), (x, top + len(rows) * height)], 0, 2)
    return page


# Apart from the cell's rules, the nested table is a grid of its own; on the cell's bottom
# rule, one grid with the cell spanning the nested cells.
@pytest.mark.parametrize("bottom_gap", [50, 0])
def test_the_cells_of_a_nested_table_are_each_read_once(tmp_path: Path, bottom_gap: int) -> None:
    # The lines were found in the holding cell over the nested cells too, and each read
    # twice, from two crops: 2017-12-04 2017-12-04, or 科协创创新新战战略略.
    path = tmp_path / "nested.png"
    _nested_page(bottom_gap).save(path, dpi=(150, 150))
    texts = [c.text.replace(" ", "") for t in read_scan(path).tables() for c in t.cells]
    for value in ("2017-12-04", "中国科协创新战略研究院", "2020-12-18", "深圳市科技创新委员会"):
        assert texts.count(value) == 1, texts


def _specked(page: Image.Image, at: list[tuple[int, int]]) -> Image.Image:
    """The page with a copier's toner specks (3 px dots) at the points given."""
    out = page.copy()
    draw = ImageDraw.Draw(out)
    for x, y in at:
        draw.rectangle([x, y, x + 2, y + 2], fill=40)
    return out


def test_toner_specks_apart_from_text_are_no_text(tmp_path: Path) -> None:
    # Full stops, decimal points and a comma that wrapped to the start of a line stand by
    # their characters and stay; specks out in the paper (after a value, between its lines,
    # in an empty cell) are no punctuation.
    rows = [["研发人员占比", "41.4"], ["推荐意见", "情况属实。"], ["备注", ""], ["续行", "，运行稳定可靠。"]]
    page = _page(rows, row_height=40)
    specks = [(700, 162), (900, 175), (600, 207), (1000, 215), (650, 250), (850, 262)]
    assert _rows(_read(_specked(page, specks), tmp_path)) == rows


def test_dense_lines_a_seal_ring_joins_are_each_cut_out_once() -> None:
    # Five lines of a narrow leading in a cell, joined top to bottom by the grey remains of
    # a seal's ring: the band is cut between the lines, not into six by its height (the
    # sixth crop straddles two lines and reads their characters interleaved).
    pitch = TEXT_PX + 4
    page = Image.new("L", (1240, 400), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(READER_FONT, TEXT_PX)
    line = "品已进入多家行业龙头企业供应链体系市场占有"
    for k in range(5):
        draw.text((258, 58 + k * pitch), line, font=font, fill=0)
    draw.ellipse([850, 64, 1090, 48 + 5 * pitch], outline=100, width=2)
    ink = clean_ink(binarise(np.asarray(page)))
    boxes = [b for b in line_boxes(ink, (255, 52, 1139, 68 + 5 * pitch), 21.0) if b[0] < 800]
    middles = [(top + bottom) / 2 for _, top, _, bottom in boxes]
    lines = [58 + k * pitch + TEXT_PX / 2 for k in range(5)]
    assert len(middles) == len(lines)
    assert all(abs(a - b) < pitch / 3 for a, b in zip(middles, lines, strict=True))


class _Recogniser:
    """Stands in for the recogniser: every line reads as the text and score given."""

    def __init__(self, text: str, score: float) -> None:
        self.reading = (text, score)

    def text_rec(self, crops: list[np.ndarray], *_: object) -> tuple[list[tuple[str, float]], float]:
        return [self.reading] * len(crops), 0.0


@pytest.mark.parametrize(
    ("text", "score", "kept"),
    [("0", 0.48, True), ("0", 0.2, False), ("1", 0.48, False), ("10", 0.48, False)],
)
def test_a_lone_zero_read_unsure_is_kept_with_its_score(
    monkeypatch: pytest.MonkeyPatch, text: str, score: float, kept: bool
) -> None:
    # A count of none, read at a score below the noise threshold, was dropped: the cell
    # was empty and the form got a false "missing". Kept, its score makes it low confidence.
    engine = type("Engine", (), {"ocr": _Recogniser(text, score)})()
    monkeypatch.setattr(ocr, "engine", lambda: engine)
    lines = ocr.lines_at(np.full((60, 200, 3), 255, np.uint8), [(20, 10, 60, 40)])
    assert [(p.text, p.score) for p in ocr.read(lines)] == ([(text, score)] if kept else [])
