"""Table grids from pixels: ruling lines found by morphology, cells from the line structure."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from extractor.page.grids import Grid, Rule, build_grids

Gray = NDArray[np.uint8]

#: Shortest runs (points) kept as rules: longer than character strokes (a line of text
#: never has one long level stroke), shorter than a narrow column or a one-line row.
MIN_LEVEL_PT, MIN_UPRIGHT_PT = 25.0, 13.0
#: Length (points) from which an upright run is longer than any character's stroke (the
#: title's characters included), and the gap (points) between two such runs across which
#: they are one border: a faint stretch's, far shorter than a row whose cell a border
#: above and below it does not part.
LONG_UPRIGHT_PT, UPRIGHT_GAP_PT = 2 * MIN_UPRIGHT_PT, 6.0
#: Gaps (points) in a rule that noise or compression may open and that are bridged;
#: wider ones would join the strokes of neighbouring characters.
GAP_PT = 0.5
#: Share of a short vertical run's length along which other ink touches it, above which it
#: is a character's stroke and not a cell border.
STROKE_TOUCH = 0.25
#: Share of rows a column of a vertical run (or its blurred edge) is inked along.
CORE_SHARE = 0.6
#: Widest a rule is drawn, blur included (points); a wider dark run is a character's body.
MAX_RULE_PT = 3.0
#: Pixels beside a vertical run (past its blurred edge) searched for the ink of the rest of
#: its character, and the half-width of the window the run is looked at in.
TOUCH_REACH = 2
SEARCH = 6
#: Points within which two rules are the same rule.
RULE_TOL_PT = 3.0
#: Lowest a row of text stands (points): a border no longer runs between two level runs
#: closer than that (a blurred rule and a run of the text it touches).
MIN_ROW_PT = 6.0
#: How far short (points) of a rule a run may end and still be a border that meets it. A
#: border runs into the rules at its ends (it ends within a rule's thickness or past it); the
#: strokes of characters standing one above the other in rows as tight as their text (no
#: taller than ``FLOAT_ROW_PT``), joined through the rule between them, stop short of the
#: rules beyond by a point or more.
FLOAT_PT, FLOAT_ROW_PT = 1.0, 16.0
#: Gap (points) a seal's ring or character, or a faint stretch, leaves in a rule, across
#: which its pieces are one rule: narrower than any column or row of a form.
BRIDGE_PT = 18.0


def binarise(gray: Gray) -> Gray:
    """Ink as 255 on 0, with a threshold from the page's histogram."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    out: Gray = np.asarray(binary, dtype=np.uint8)
    return out


#: Ink for the rules: darker than this share of the paper around it. Lower than the text's
#: threshold, so that a faint (light grey, thin, half-toned) rule is still a rule; the
#: length a rule must have keeps the noise this lets in out.
RULE_SHADE = 0.8
#: Side (pixels) of the neighbourhood the paper's brightness is estimated over.
PAPER_WINDOW = 31


def rule_ink(gray: Gray) -> Gray:
    """Ink as 255 on 0 for finding rules: anything clearly darker than the paper around it."""
    paper = cv2.dilate(
        gray, cv2.getStructuringElement(cv2.MORPH_RECT, (PAPER_WINDOW, PAPER_WINDOW))
    )
    dark = gray.astype(np.float32) < RULE_SHADE * paper.astype(np.float32)
    out: Gray = np.where(dark, np.uint8(255), np.uint8(0)).astype(np.uint8)
    return out


def _line_mask(binary: Gray, length: int, gap: int, horizontal: bool) -> Gray:
    size = (length, 1) if horizontal else (1, length)
    bridge = (gap, 1) if horizontal else (1, gap)
    closed = cv2.morphologyEx(
        binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge)
    )
    opened = cv2.morphologyEx(
        closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)
    )
    mask: Gray = np.asarray(opened, dtype=np.uint8)
    return mask


def _rules(mask: Gray, horizontal: bool, to_pt: float) -> list[Rule]:
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rules = []
    for x, y, w, h, _area in stats[1:].astype(float).tolist():
        if horizontal:
            rules.append(Rule(True, (y + h / 2) * to_pt, x * to_pt, (x + w) * to_pt))
        else:
            rules.append(Rule(False, (x + w / 2) * to_pt, y * to_pt, (y + h) * to_pt))
    return rules


def _crossed(rule: Rule, horizontals: list[Rule], tol: float) -> list[float]:
    """Where the horizontal rules a vertical run reaches lie."""
    return [
        h.pos
        for h in horizontals
        if h.start - tol <= rule.pos <= h.end + tol and rule.start - tol <= h.pos <= rule.end + tol
    ]


def _border(rule: Rule, horizontals: list[Rule], strokes: Gray, to_pt: float) -> Rule | None:
    """A vertical run as the cell border it is, or None when it is none.

    A border runs from rule to rule: the run is cut to the horizontal rules it reaches. Character
    strokes are as long as a short row is high, but they float inside the cell; where a
    dense row's text touches the rule, the run goes on into it and is cut back here. A
    straight run that goes on further than any stroke is the border of the next row too,
    broken further on by a faint stretch: it is kept as long as it is (a seal's ring,
    curved, is not straight)."""
    crossed = _crossed(rule, horizontals, RULE_TOL_PT)
    if not crossed:
        return None
    top, bottom = min(crossed), max(crossed)
    above, below = top - rule.start >= LONG_UPRIGHT_PT, rule.end - bottom >= LONG_UPRIGHT_PT
    if (above or below) and not _in_glyph(rule, strokes, to_pt):
        top, bottom = rule.start if above else top, rule.end if below else bottom
    top, bottom = _without_floating_ends(rule, top, bottom, crossed, strokes, to_pt)
    if bottom - top < MIN_ROW_PT:
        return None
    cut = Rule(False, rule.pos, top, bottom)
    if cut.end - cut.start < 2 * MIN_UPRIGHT_PT and _in_glyph(cut, strokes, to_pt):
        return None
    return cut


def _without_floating_ends(
    rule: Rule, top: float, bottom: float, crossed: list[float], strokes: Gray, to_pt: float
) -> tuple[float, float]:
    """The run's cut without an end row it stops short of the rule in, where that row is as
    tight as its text and there the run is a character's stroke: over two rows at most, it
    is one (joined through a rule to a stroke or a border in the next row); a longer run,
    a border all along, has a faint end, unless the stretch in that row is a stroke of its
    character (a border above a merged cell runs on into the 通 of 联系人通讯地址 under it)."""
    inner = sorted(y for y in crossed if top < y < bottom)
    first, last = (inner[0], inner[-1]) if inner else (bottom, top)
    short = len(inner) <= 1

    def stroke(start: float, end: float) -> bool:
        return short or _in_glyph(Rule(False, rule.pos, start, end), strokes, to_pt)

    if rule.start - top > FLOAT_PT and first - top <= FLOAT_ROW_PT and stroke(rule.start, first):
        top = first
    if bottom - rule.end > FLOAT_PT and bottom - last <= FLOAT_ROW_PT and stroke(last, rule.end):
        bottom = last
    return top, bottom


def _in_glyph(rule: Rule, binary: Gray, to_pt: float) -> bool:
    """Whether a vertical run is a character's stroke: in a row as tight as its text, a
    stroke of 技 or 中 reaches both rules, but other strokes of its character touch it along
    the way, where a cell border has paper on both sides."""
    x = round(rule.pos / to_pt)
    top, bottom = round(rule.start / to_pt) + 3, round(rule.end / to_pt) - 3
    if bottom - top < 3 or not SEARCH <= x < binary.shape[1] - SEARCH:
        return False
    band = binary[top:bottom, x - SEARCH : x + SEARCH + 1] > 0
    centre = SEARCH
    solid = band.mean(axis=0) > CORE_SHARE
    left = right = centre
    while left > 0 and solid[left - 1]:
        left -= 1
    while right < len(solid) - 1 and solid[right + 1]:
        right += 1
    if (right - left + 1) * to_pt > MAX_RULE_PT:
        return True
    # One column either side is the rule's blurred edge; the next ones are paper beside it.
    beside = np.concatenate(
        (
            band[:, max(0, left - 1 - TOUCH_REACH) : max(0, left - 1)],
            band[:, right + 2 : right + 2 + TOUCH_REACH],
        ),
        axis=1,
    )
    return float(beside.any(axis=1).mean()) > STROKE_TOUCH


def rule_pixels(binary: Gray, dpi: float) -> Gray:
    """The pixels of the page's long level and upright runs (its rules), widened by a pixel
    for their blur: taken out of the text's ink, so that a rule a photo leaves slightly
    slanted is not read as a thin line of text at a cell's edge."""
    to_pt = 72.0 / dpi
    gap = max(round(GAP_PT / to_pt), 1)
    level = _line_mask(binary, round(MIN_LEVEL_PT / to_pt), gap, True)
    upright = _line_mask(binary, round(2 * MIN_UPRIGHT_PT / to_pt), gap, False)
    both = cv2.bitwise_or(level, upright)
    out: Gray = np.asarray(cv2.dilate(both, np.ones((3, 3), np.uint8)), dtype=np.uint8)
    return out


#: Share of a gap in a level rule a seal's disc must cover for the gap to be the seal's.
SEALED_GAP = 0.9


def _bridged(rules: list[Rule], tol: float, sealed: Gray | None, to_pt: float) -> list[Rule]:
    """Level rules with the pieces of one rule joined: at the same height within ``tol``
    and apart by less than ``BRIDGE_PT``, or by a gap a seal's disc (``sealed``, 255 on 0)
    lies over, however long: a rule's blurred ink under a seal is as light as the seal's
    and goes with it. A piece between two gaps touches no other rule, and left out, the
    slot its rule bounds loses its border and two rows read as one. (No text makes level
    runs as long as a rule's.)"""

    def under_seal(pos: float, start: float, end: float) -> bool:
        if sealed is None:
            return False
        y = min(max(round(pos / to_pt), 0), sealed.shape[0] - 1)
        row = sealed[y, max(0, round(start / to_pt)) : round(end / to_pt)]
        return row.size > 0 and float((row > 0).mean()) >= SEALED_GAP

    out: list[Rule] = []
    for rule in sorted(rules, key=lambda r: r.start):
        for k, other in enumerate(out):
            gap = rule.start - other.end
            if abs(other.pos - rule.pos) <= tol and (
                gap <= BRIDGE_PT or under_seal(rule.pos, other.end, rule.start)
            ):
                pos = (
                    other.pos * (other.end - other.start) + rule.pos * (rule.end - rule.start)
                ) / ((other.end - other.start) + (rule.end - rule.start) or 1.0)
                out[k] = Rule(rule.horizontal, pos, other.start, max(other.end, rule.end))
                break
        else:
            out.append(rule)
    return out


def _joined_uprights(rules: list[Rule], horizontals: list[Rule], tol: float) -> list[Rule]:
    """Upright runs with the pieces of one border joined, in line within ``tol``: apart by
    less than ``UPRIGHT_GAP_PT``, one of the two longer than any stroke (short pieces alone,
    a column of strokes in lines of text, stay apart); or both that long and apart by less
    than ``BRIDGE_PT`` (a seal's or a faint stretch's gap) unless level rules end the gap at
    both its ends (a row the border does not part). A tall row's border broken
    in its middle otherwise reaches at most one rule from each piece, and the row loses it."""

    def at_rule(x: float, y: float) -> bool:
        return any(
            abs(h.pos - y) <= RULE_TOL_PT and h.start - tol <= x <= h.end + tol
            for h in horizontals
        )

    def joins(above: Rule, below: Rule) -> bool:
        if abs(above.pos - below.pos) > tol:
            return False
        gap = below.start - above.end
        lengths = (above.end - above.start, below.end - below.start)
        if gap <= UPRIGHT_GAP_PT:
            return max(lengths) >= LONG_UPRIGHT_PT
        return (
            gap <= BRIDGE_PT
            and min(lengths) >= LONG_UPRIGHT_PT
            and not (at_rule(above.pos, above.end) and at_rule(below.pos, below.start))
        )

    joined: list[Rule] = []
    for rule in sorted(rules, key=lambda r: r.start):
        for k, other in enumerate(joined):
            if joins(other, rule):
                joined[k] = Rule(False, other.pos, other.start, max(other.end, rule.end))
                break
        else:
            joined.append(rule)
    return joined


def find_grids(
    binary: Gray, dpi: float, *, text: Gray | None = None, sealed: Gray | None = None
) -> list[Grid]:
    """Tables drawn on the page, in points from its top-left: rules from ``binary``, told
    from characters' strokes by the crisper ``text`` ink where given, their gaps under the
    seals' discs ``sealed`` bridged."""
    return build_grids(page_rules(binary, dpi, text=text, sealed=sealed), RULE_TOL_PT)


def page_rules(
    binary: Gray, dpi: float, *, text: Gray | None = None, sealed: Gray | None = None
) -> list[Rule]:
    """The page's ruling lines, in points from its top-left: runs of ``binary``, told from
    characters' strokes by the crisper ``text`` ink where given; a level rule's gaps under
    the seals' discs ``sealed`` (255 on 0) are bridged."""
    to_pt = 72.0 / dpi
    strokes = binary if text is None else text
    gap = max(round(GAP_PT / to_pt), 1)
    level = _line_mask(binary, round(MIN_LEVEL_PT / to_pt), gap, True)
    upright = _line_mask(binary, round(MIN_UPRIGHT_PT / to_pt), gap, False)
    horizontals = _bridged(_rules(level, True, to_pt), RULE_TOL_PT / 2, sealed, to_pt)
    # Short upright runs are left as found: a character's strokes in the rows of a column
    # stand one above the other, and joined they would reach from rule to rule as a border
    # does. Runs longer than any stroke are pieces of one border a faint stretch broke.
    verticals = _joined_uprights(_rules(upright, False, to_pt), horizontals, RULE_TOL_PT / 2)
    borders = [
        cut for v in verticals if (cut := _border(v, horizontals, strokes, to_pt)) is not None
    ]
    return horizontals + borders
