"""Letters and digits the recogniser confuses (O/0, I/1, S/5, B/8), put right inside codes;
and 干 for 千 after a digit (5干万元), where 干 makes no sense; and Chinese quotation marks,
which the recogniser often reads as the other one of the pair or as a straight quote.

A code such as ISO9001 or GB/T19001 is letters, then digits. In a digit run, a letter that
looks like a digit is the digit (20l9 -> 2019, 9O01 -> 9001); before the digits, a digit that
looks like a letter is the letter when that makes a known code prefix (IS09001, 1SO9001 ->
ISO9001). Words that are not codes (plain numbers, English words, e-mail addresses) are left.
"""

from __future__ import annotations

import re

__all__ = ["CODE_PREFIXES", "mend", "mend_codes", "pair_quotes"]

#: Prefixes of certificate, standard and classification codes in these forms.
CODE_PREFIXES = frozenset(
    {"ISO", "IEC", "GB", "GBT", "GJB", "CMMI", "IATF", "OHSAS", "ITSS", "CNAS", "TRL", "SN", "NO"}
)
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
_AS_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"})
#: A word of letters and digits, possibly with the separators codes use (GB/T, ISO/IEC).
_WORD = re.compile(r"(?<![@.A-Za-z0-9])[A-Za-z0-9|/]{3,}(?![@A-Za-z0-9]|\.[A-Za-z0-9])")
_DIGITS_WITH_SLIPS = re.compile(r"(?<=\d)[OoIl|]+(?=\d)|(?<=\d{2})[OoIl|]+(?![A-Za-z])")


def _mend_word(word: str) -> str:
    letters = sum(c.isalpha() for c in word)
    digits = sum(c.isdigit() for c in word)
    if not letters or not digits:
        return word
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        prefix = head.upper().translate(_AS_LETTER).replace("/", "")
        number = tail.translate(_AS_DIGIT)
        if prefix in CODE_PREFIXES and number.replace("/", "").isdigit() and number[0].isdigit():
            return head.translate(_AS_LETTER) + number
    return _DIGITS_WITH_SLIPS.sub(lambda m: m.group().translate(_AS_DIGIT), word)


def mend_codes(text: str) -> str:
    """``text`` with letter/digit slips inside codes put right."""
    return _WORD.sub(lambda m: _mend_word(m.group()), text)


#: 千 read as 干 between a digit and a unit or a count word: 干 means nothing there.
_THOUSAND = re.compile(r"(?<=\d)干(?=[万亿元人次米克瓦吨家项个台套件字余多])")


def mend(text: str) -> str:
    """``text`` with letter/digit slips in codes and 干 for 千 after a digit put right; every
    character stays where it stood (one for one)."""
    return _THOUSAND.sub("千", mend_codes(text))


#: Quotation marks the recogniser writes for one of a pair.
_QUOTES = re.compile(r'[“”"]')


def _cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def pair_quotes(text: str) -> str:
    """A cell's or paragraph's text with the quotation marks put right that cannot be as
    read: a mark after an opening one, by Chinese text, closes it (“科创中国“ ->
    “科创中国”), and a straight one there opens or closes by the same count. A closing mark
    with none open is left: it may close a quote the page before opened."""

    def beside_chinese(at: int) -> bool:
        return any(_cjk(text[i]) for i in (at - 1, at + 1) if 0 <= i < len(text))

    out = list(text)
    opened = False
    for match in _QUOTES.finditer(text):
        at = match.start()
        if not beside_chinese(at):
            continue
        if opened:
            out[at], opened = "”", False
        elif match.group() != "”":
            out[at], opened = "“", True
    return "".join(out)
