"""Several "label：value" pairs written on one line, split with spaCy rule matching.

Forms retyped as plain text, and OCR lines that run over a cell border, put several
fields on one line: "联系人：张三  电话：13812345678  邮箱：a@b.cn". A phrase matcher over
a blank Chinese pipeline (character tokens, no model to download) finds every printed
label of the form; each one followed by a colon starts a pair.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractor.labels import SYNONYMS, LabelIndex

_COLONS = (":", "：")
#: What may stand between a value and the label after it: space, a colon or a speck that a
#: lost border left (a dotted border reads as "：" or "."), a comma.
_SEPARATORS = " \t:：.·,，;；"
#: The colon after a label, past a unit or hint in brackets: 注册资本（万元）：
_COLON_AFTER = re.compile(r"\s*(?:\([^()]*\))?\s*:")


@dataclass(frozen=True)
class Pair:
    label: str
    value: str


def may_hold_pairs(text: str, printed: frozenset[str]) -> bool:
    """Cheap test before loading spaCy: two colons and two printed labels at least."""
    if sum(text.count(colon) for colon in _COLONS) < 2:
        return False
    folded = _fold_width(text)
    return sum(1 for label in printed if label in folded) >= 2


def printed_labels(index: LabelIndex) -> frozenset[str]:
    """Every wording of the form's labels, as the matcher compares them."""
    return frozenset(
        _fold_width(text)
        for field in index.form.fields
        for text in (field.label, *SYNONYMS.get(field.label, ()))
    )


@cache
def _nlp() -> Any:
    import spacy

    return spacy.blank("zh")


class PairSplitter:
    def __init__(self, index: LabelIndex) -> None:
        from spacy.matcher import PhraseMatcher

        nlp = _nlp()
        self.printed = printed_labels(index)
        self._matcher = PhraseMatcher(nlp.vocab)
        for field in index.form.fields:
            printed = (field.label, *SYNONYMS.get(field.label, ()))
            patterns = [nlp.make_doc(_fold_width(text)) for text in printed]
            self._matcher.add(field.label, patterns)

    def split(self, text: str) -> list[Pair]:
        """The pairs of a line, or none unless there are two at least."""
        folded = _fold_width(text)
        starts = self._starts(folded)
        return _pairs(folded, starts) if len(starts) >= 2 else []

    def after_value(self, text: str) -> tuple[str, list[Pair]] | None:
        """A value followed by "label：value" pairs on its line (宋建国 电话：0571-…, where a
        copy lost the border between the cells), as the value before them and the pairs;
        None when no printed label with a colon follows a value."""
        folded = _fold_width(text)
        starts = self._starts(folded)
        head = folded[: starts[0][1]].rstrip(_SEPARATORS) if starts else ""
        if not head.strip():
            return None
        return head.strip(), _pairs(folded, starts)

    def _starts(self, folded: str) -> list[tuple[str, int, int]]:
        """Each printed label followed by a colon: its field, where it starts, and where the
        value after its colon starts."""
        from spacy.tokens import Span
        from spacy.util import filter_spans

        doc = _nlp().make_doc(folded)
        found = [Span(doc, start, end, label=key) for key, start, end in self._matcher(doc)]
        starts = []
        for span in sorted(filter_spans(found), key=lambda s: s.start_char):
            colon = _COLON_AFTER.match(folded, span.end_char)
            if colon is not None:
                starts.append((span.label_, span.start_char, colon.end()))
        return starts


def _pairs(folded: str, starts: list[tuple[str, int, int]]) -> list[Pair]:
    pairs = []
    for i, (label, _, value_start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(folded)
        pairs.append(Pair(label, folded[value_start:end].strip()))
    return pairs


def _fold_width(text: str) -> str:
    """Full-width brackets and colons as half width, so that printed variants match."""
    return unicodedata.normalize("NFKC", text)
