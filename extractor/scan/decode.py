"""The recogniser's per-step character probabilities -> text, without dropping rare characters.

Greedy CTC decoding (RapidOCR's) writes a character only where it beats "no character". A
character the model knows but rarely saw (撮 in 撮合) can lose narrowly to "no character" at
the one step where it stands, and vanishes from the text. Here a step where "no character"
wins by less than half, in a gap between two read characters wide enough to hold one, is a
character: the one among the likeliest that makes a word with its neighbours, else the
likeliest. Where "no character" is likelier still (up to ``WORD_DOUBT``), the step holds a
character only when the language vouches for it: a candidate that makes a word with a
neighbour (撮 between 交易 and 合) and is not far less likely than the likeliest one; a stray
mark (#, 司 in a gap where a 、 faded) makes no word and is left out. A character read that
makes no word with either neighbour gives way, the same way, to a runner-up that does (土 of
硕土 to 士); when the model itself doubts the character read, to a far less likely one that
makes a common word (最 of 交易最合 to 撮).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from extractor.scan.glyphs import BOX_SOUGHT
from extractor.scan.words import frequency

__all__ = ["CtcDecoder", "decode", "decoded"]

#: "No character" below this probability at a step leaves room for a character there.
BLANK_DOUBT = 0.6
#: Up to this probability of "no character", a step holds a word-making character.
WORD_DOUBT = 0.9
#: A word-making candidate's least probability, as a share of the likeliest candidate's
#: (a character that makes no word gives way to such a runner-up too).
WORD_SHARE = 0.25
#: Steps a recovered character keeps clear of a read one (one character is ~4 steps wide).
CLEARANCE = 2
#: Spacing, in the line's usual character spacing, of two read characters with one missing
#: between them (two would stand 2 apart).
ROOM = 1.6
#: Likeliest characters weighed at a doubtful step.
CANDIDATES = 4
#: A read character less likely than this is itself in doubt: when it makes no word, a
#: runner-up that makes a common word (one jieba counts at least ``COMMON_WORD`` times)
#: takes its place from ``DOUBT_SHARE`` of its probability on (交易最合 -> 交易撮合, where
#: the model gave 最 0.72 and 撮 0.015). A rare word (入店, 网内) vouches for nothing so
#: faint.
DOUBTFUL, COMMON_WORD, DOUBT_SHARE = 0.9, 50, 0.02


def _in_a_word(before: str, candidate: str, after: str) -> int:
    """How common the likelier of the two-character words the candidate makes with the
    character before it and the one after (either may be missing)."""
    return max(
        frequency(before + candidate) if before else 0,
        frequency(candidate + after) if after else 0,
    )


def _chosen(
    probs: NDArray[np.float32], chars: Sequence[str], before: str, after: str
) -> tuple[str, bool]:
    """The character at a doubtful step, and whether it makes a word with a neighbour."""
    order = [int(i) for i in np.argsort(-probs)[: CANDIDATES + 1] if int(i) != 0][:CANDIDATES]
    if not ("\u4e00" <= before[-1:] <= "\u9fff" or "\u4e00" <= after[:1] <= "\u9fff"):
        return chars[order[0]], False
    best = max(order, key=lambda i: (_in_a_word(before[-1:], chars[i], after[:1]), probs[i]))
    worded = (
        _in_a_word(before[-1:], chars[best], after[:1]) > 0
        and probs[best] >= WORD_SHARE * probs[order[0]]
    )
    return chars[best], worded


def _worded(
    probs: NDArray[np.float32], chars: Sequence[str], read: Sequence[tuple[int, int, float]]
) -> list[tuple[int, str, float]]:
    """The read characters, each that makes no word with either neighbour swapped for a
    runner-up at its step that does (硕土 -> 硕士), if that is not far less likely."""
    out = [(at, chars[index], p) for at, index, p in read]
    for k, (at, char, p) in enumerate(out):
        before = out[k - 1][1] if k else ""
        after = out[k + 1][1] if k + 1 < len(out) else ""
        if (
            not "\u4e00" <= char <= "\u9fff"
            or char in BOX_SOUGHT
            or _in_a_word(before, char, after)
        ):
            # A box read as 口 (or a ticked one as 回) is no character of a word.
            continue
        for i in np.argsort(-probs[at])[1 : CANDIDATES + 1].tolist():
            other, share = chars[i], float(probs[at, i])
            if i != 0 and _vouched(
                share / p, _in_a_word(before, other, after), doubtful=p < DOUBTFUL
            ):
                out[k] = (at, other, share)
                break
    return out


def _vouched(share: float, word: int, *, doubtful: bool) -> bool:
    """Whether a runner-up ``share`` times as likely as the character read, making a word
    ``word`` times common, is what was written in its place."""
    if word and share >= WORD_SHARE:
        return True
    return doubtful and word >= COMMON_WORD and share >= DOUBT_SHARE


def _room_for_one(steps: Sequence[int], step: int, pitch: float) -> bool:
    """Whether the read characters either side of ``step`` stand a character's width apart
    more than their line's usual spacing, so that one is missing between them."""
    if pitch <= 0:
        return False
    before = max(at for at in steps if at < step)
    after = min(at for at in steps if at > step)
    return after - before >= ROOM * pitch


def decoded(probs: NDArray[np.float32], chars: Sequence[str]) -> list[tuple[int, str, float]]:
    """The characters of one line's (steps x characters) output: step, character and its
    probability, in reading order."""
    best = probs.argmax(axis=1)
    read: list[tuple[int, int, float]] = []
    for step, index in enumerate(best.tolist()):
        if index != 0 and (step == 0 or index != best[step - 1]):
            read.append((step, index, float(probs[step, index])))
    steps = [
        step
        for step in np.flatnonzero((best == 0) & (probs[:, 0] < WORD_DOUBT)).tolist()
        if all(abs(step - at) > CLEARANCE for at, _, _ in read)
    ]
    # Neighbouring doubtful steps are one character: the least blank of them stands for it.
    doubtful: list[int] = []
    for step in steps:
        if doubtful and step - doubtful[-1] <= CLEARANCE:
            if probs[step, 0] < probs[doubtful[-1], 0]:
                doubtful[-1] = step
            continue
        doubtful.append(step)
    out = _worded(probs, chars, read)
    at_steps = [at for at, _, _ in read]
    pitch = float(np.median(np.diff(at_steps))) if len(at_steps) > 2 else 0.0
    for step in doubtful:
        before = "".join(c for at, c, _ in out if at < step)
        after = "".join(c for at, c, _ in out if at > step)
        if not before or not after or not _room_for_one(at_steps, step, pitch):
            continue
        chosen, worded = _chosen(probs[step], chars, before, after)
        if probs[step, 0] >= BLANK_DOUBT and not worded:
            continue
        if chosen in (before[-1], after[0]):
            # The neighbour's own ink, smeared over more steps (a blurred photo): no new one.
            continue
        out.append((step, chosen, 1.0 - float(probs[step, 0])))
        out.sort()
    return out


def decode(probs: NDArray[np.float32], chars: Sequence[str]) -> tuple[str, float]:
    """Text and mean character probability of one line's (steps x characters) output."""
    out = decoded(probs, chars)
    if not out:
        return "", 0.0
    return "".join(c for _, c, _ in out), float(np.mean([p for _, _, p in out]))


class CtcDecoder:
    """Stands in for RapidOCR's decoder, with or without word boxes: the characters are ours,
    grouped into words and placed by RapidOCR's own rules."""

    def __init__(self, original: Any) -> None:
        self._original = original
        self.character = original.character

    def __call__(
        self, preds: NDArray[np.float32], return_word_box: bool = False, **kwargs: Any
    ) -> Any:
        if not return_word_box:
            return [decode(line, self.character) for line in preds]
        max_ratio = kwargs["max_wh_ratio"]
        return [
            self._with_words(line, ratio / max_ratio)
            for line, ratio in zip(preds, kwargs["wh_ratio_list"], strict=True)
        ]

    def _with_words(self, probs: NDArray[np.float32], share: float) -> Any:
        """RapidOCR's word-box answer for one line: text, mean probability, and the steps
        (scaled by the share of the batch's width the line fills), words, their steps,
        kinds and the characters' probabilities, as its ``cal_rec_boxes`` reads them."""
        out = decoded(probs, self.character)
        text = "".join(c for _, c, _ in out)
        selection = np.zeros(len(probs), dtype=bool)
        selection[[at for at, _, _ in out]] = True
        words, columns, kinds = self._original.get_word_info(text, selection)
        confidences = [p for _, _, p in out] or [0.0]
        mean = float(np.mean(confidences))
        return text, mean, [len(probs) * share, words, columns, kinds, confidences]
