"""Ticked boxes and named options: bool, choice, multi, enum and grade values.

A reader writes a ticked box as ``☑`` and an empty one as ``□``; text typed by hand
or read from other sources may use ■ √ ✓ ✔ ☒ for a tick and ☐ for an empty box.
Forms put the box before the option (☑产业技术研究院 □…) or after it (电子信息☑ 装备制造□);
which one a cell uses is decided from the cell itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.normalise.text import to_halfwidth, without_whitespace

TICKED = frozenset("☑■√✓✔☒")
EMPTY = frozenset("□☐")
BOXES = TICKED | EMPTY
#: Tick marks written without a box: they go with the option they touch.
BARE_TICKS = frozenset("√✓✔")
_BRACKETED_TICK = re.compile(r"[(\[][√✓✔][)\]]")
_EMPTY_BRACKETS = re.compile(r"[(\[][)\]]")
_SEPARATORS = re.compile(r"[、,;/.:]+")
_BOOL_WORDS = {"是": True, "否": False, "不是": False, "yes": True, "no": False,
               "true": True, "false": False}  # fmt: skip
BOOL_OPTIONS = ("是", "否")


class ChoiceProblem(ValueError):
    """Ticks or text that do not name the options a field allows."""


def option_key(text: str) -> str:
    """How an option is compared: no spaces, ASCII brackets and digits, lower case."""
    return without_whitespace(to_halfwidth(text)).lower()


def _prepared(raw: str) -> str:
    text = option_key(raw)
    text = _BRACKETED_TICK.sub("☑", text)
    return _EMPTY_BRACKETS.sub("□", text)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    option: str


def _option_spans(text: str, options: Sequence[str]) -> list[_Span]:
    """Where each option is written; a longer option wins over one it contains."""
    taken = [False] * len(text)
    spans: list[_Span] = []
    for option in sorted(options, key=lambda o: len(option_key(o)), reverse=True):
        key = option_key(option)
        for match in re.finditer(re.escape(key), text) if key else ():
            if not any(taken[match.start() : match.end()]):
                spans.append(_Span(match.start(), match.end(), option))
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    return sorted(spans, key=lambda s: s.start)


def _boxes_precede(text: str, spans: list[_Span]) -> bool | None:
    """Whether the boxes of this cell stand before their options; None if no box touches one.

    Bare ticks do not vote: 是√ 否 is a tick after 是 whichever way the boxes go.
    """
    boxes = BOXES - BARE_TICKS
    before = sum(1 for s in spans if s.start > 0 and text[s.start - 1] in boxes)
    after = sum(1 for s in spans if s.end < len(text) and text[s.end] in boxes)
    if before == after == 0:
        return None
    if before != after:
        return before > after
    return not (text[-1] in boxes and text[0] not in boxes)


def _owner(at: int, text: str, spans: list[_Span], precede: bool | None) -> _Span | None:
    """The option a box at ``at`` belongs to."""
    following = next((s for s in spans if s.start == at + 1), None)
    preceding = next((s for s in spans if s.end == at), None)
    if precede is None:
        # Only bare ticks: one written right after an option marks that option.
        return preceding or following
    first, second = (following, preceding) if precede else (preceding, following)
    return first or second


@dataclass(frozen=True)
class Ticks:
    """What the boxes of a cell say; ``boxed`` is False when the cell has no box at all."""

    boxed: bool
    ticked: tuple[str, ...]
    #: A ticked box stood next to no option.
    stray_tick: bool


def read_ticks(raw: str, options: Sequence[str]) -> Ticks:
    text = _prepared(raw)
    positions = [i for i, ch in enumerate(text) if ch in BOXES]
    if not positions:
        return Ticks(boxed=False, ticked=(), stray_tick=False)
    spans = _option_spans(text, options)
    precede = _boxes_precede(text, spans)
    ticked: set[str] = set()
    stray = False
    for at in positions:
        if text[at] not in TICKED:
            continue
        owner = _owner(at, text, spans, precede)
        if owner is None:
            stray = True
        else:
            ticked.add(owner.option)
    in_order = tuple(o for o in options if o in ticked)
    return Ticks(boxed=True, ticked=in_order, stray_tick=stray and not in_order)


def _named(raw: str, options: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """Options written as plain text (catalogue order), and the text left over."""
    text = _prepared(raw)
    spans = _option_spans(text, options)
    names = {s.option for s in spans}
    leftover = "".join(
        ch for i, ch in enumerate(text) if not any(s.start <= i < s.end for s in spans)
    )
    return tuple(o for o in options if o in names), leftover


def _listed(options: Sequence[str]) -> str:
    return "、".join(options)


def _one(found: Sequence[str], verb: str) -> str | None:
    if len(found) > 1:
        raise ChoiceProblem(
            f"勾选了多个选项：{_listed(found)}（more than one option {verb}: {_listed(found)}）"
        )
    return found[0] if found else None


def _stray(raw: str, options: Sequence[str]) -> ChoiceProblem:
    return ChoiceProblem(
        f"勾选的方框旁没有可选项：“{raw.strip()}”，可选项为 {_listed(options)}"
        "（a ticked box stands next to no option）"
    )


def _unknown(raw: str, options: Sequence[str]) -> ChoiceProblem:
    return ChoiceProblem(
        f"“{raw.strip()}”不是可选项之一：{_listed(options)}（not one of the options）"
    )


def parse_choice(raw: str, options: Sequence[str]) -> str | None:
    ticks = read_ticks(raw, options)
    if ticks.boxed:
        if ticks.stray_tick:
            raise _stray(raw, options)
        return _one(ticks.ticked, "ticked")
    named, _ = _named(raw, options)
    if not named:
        raise _unknown(raw, options)
    return _one(named, "named")


def parse_multi(raw: str, options: Sequence[str]) -> list[str] | None:
    ticks = read_ticks(raw, options)
    if ticks.boxed:
        if ticks.stray_tick:
            raise _stray(raw, options)
        return list(ticks.ticked) or None
    named, leftover = _named(raw, options)
    unread = _SEPARATORS.sub("、", leftover).strip("、")
    if unread:
        raise ChoiceProblem(
            f"“{unread}”不是可选项之一：{_listed(options)}（not one of the options）"
        )
    return list(named) or None


def parse_enum(raw: str, options: Sequence[str]) -> str | None:
    """One of the options; plain text must be the option itself, not merely contain it."""
    if read_ticks(raw, options).boxed:
        return parse_choice(raw, options)
    key = _prepared(raw)
    for option in options:
        if option_key(option) == key:
            return option
    raise _unknown(raw, options)


def parse_bool(raw: str) -> bool | None:
    word = _BOOL_WORDS.get(_prepared(raw))
    if word is not None:
        return word
    chosen = parse_choice(raw, BOOL_OPTIONS)
    return None if chosen is None else chosen == BOOL_OPTIONS[0]
