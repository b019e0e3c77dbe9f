"""Free text: trimming, whitespace, full-width forms and the catalogue's character count."""

from __future__ import annotations

import re

#: Full-width ASCII forms (！..～) sit at a fixed offset from their ASCII twins.
_FULLWIDTH_OFFSET = 0xFEE0
_FULLWIDTH = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x2212: 0x2D, 0xFFE5: 0xA5, 0x3002: 0x2E})

_WHITESPACE_RUN = re.compile(r"\s+")
_PLACEHOLDERS = frozenset(
    {"/", "无", "—", "——", "–", "―", "-", "--", "n/a", "N/A", "暂无", "不适用", "没有", "无此项"}
)


def to_halfwidth(text: str) -> str:
    """ASCII look-alikes typed in full width (１２．５％, （）, －) as plain ASCII.

    The ideographic full stop becomes ``.`` too, because Chinese input methods type it
    for the decimal point; only use this for reading numbers, dates and choices.
    """
    return text.translate(_FULLWIDTH)


def without_whitespace(text: str) -> str:
    return _WHITESPACE_RUN.sub("", text)


def is_placeholder(text: str) -> bool:
    """A dash, slash or 无 written instead of a value: nothing usable for a typed field."""
    return without_whitespace(to_halfwidth(text)) in _PLACEHOLDERS


#: A line break between two Chinese characters or punctuation: where the cell wrapped.
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_CJK_BREAK = re.compile(rf"(?<={_CJK})[ \t]*\n\s*(?={_CJK})")


def clean_text(raw: str) -> str:
    """One line: trimmed, a line break between Chinese characters dropped (Chinese has no
    spaces), any other whitespace run (line breaks too) as one space."""
    return _WHITESPACE_RUN.sub(" ", _CJK_BREAK.sub("", raw)).strip()


def clean_longtext(raw: str) -> str:
    """Free text: line breaks kept (as ``\\n``), trailing blanks of each line dropped."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


#: How a line ends a sentence or a paragraph, so the break after it is the writer's.
_LINE_ENDS = ("。", "！", "？", "；", "：", "…", "”", "」", "）", ".", "!", "?", ";", ":")
#: How an item of a list starts: 一、 （二） 3. 4、 ① - •
#: A wrapped line fills most of the width: shorter than this share of the longest, it ended.
_FULL_LINE = 0.7
_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[①-⑳•·\-])"
)


def unwrap_lines(text: str) -> str:
    """Free text from a page, where a line break is mostly where the line wrapped: lines are
    joined unless one ends a sentence, falls short of the width the others fill (a
    paragraph's last line, a heading), or the next starts an item of a list."""
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    width = max((len(line) for line in lines), default=0)
    joined: list[str] = []
    last = ""
    for line in lines:
        previous, last = last, line
        if not line or not previous or not joined:
            joined.append(line)
            continue
        ends = previous.endswith(_LINE_ENDS) or len(previous) < _FULL_LINE * width
        if ends or _ITEM_START.match(line):
            joined.append(line)
            continue
        space = " " if previous[-1].isascii() and line[0].isascii() else ""
        joined[-1] += space + line
    return "\n".join(joined).strip()


def char_count(text: str) -> int:
    """Chinese characters, letters and digits; spaces and punctuation do not count."""
    return sum(1 for ch in text if ch.isalnum())
