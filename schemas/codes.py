"""Identifier codes written in forms, and whether one is well formed.

Each code system carries its own redundancy, which tells a code as written from one misread:
the 统一社会信用代码 (GB 32100-2015) and the 身份证号码 (GB 11643-1999) end in a check
character; a GB/T 4754-2017 industry class starts with its section letter, which its first
two digits (the division) decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum

__all__ = [
    "CodeKind",
    "code_tokens",
    "id_card_valid",
    "industry_code_valid",
    "token_valid",
    "uscc_valid",
]


class CodeKind(StrEnum):
    """The code systems the catalogue can name for a field (``code:``)."""

    #: GB/T 4754-2017 国民经济行业分类: a section letter and the class digits (I6513).
    INDUSTRY = "gbt4754"


#: The 统一社会信用代码 alphabet: digits and capitals without I, O, S, V, Z.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
#: GB/T 4754-2017 sections and the divisions (first two digits) each holds.
_SECTIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
    "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
    "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
    "S": (91, 97), "T": (98, 98),
}  # fmt: skip
#: Letters the recogniser may have written for digits.
_DIGIT_LIKE = frozenset("OoDQIil|ZzSsBGbgq")
#: An 18-character run of letters and digits: a credit code or an ID number, maybe misread.
_EIGHTEEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{18}(?![A-Za-z0-9])")
#: A section letter (or what OCR made of it) and two to four digits, before the class name.
_INDUSTRY = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9|](?=[OoIlSBZ|]*\d)[0-9OoIlSBZ|]{2,4}(?![A-Za-z0-9])"
)


def uscc_valid(code: str) -> bool:
    """Whether ``code`` is an 18-character 统一社会信用代码 whose check character agrees."""
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


def id_card_valid(code: str) -> bool:
    """Whether ``code`` is an 18-character 身份证号码 whose check character agrees."""
    if len(code) != 18 or not code[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(code, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == code[17].upper()


def industry_code_valid(code: str) -> bool:
    """Whether ``code`` is a GB/T 4754 code: a section letter and the digits of one of its
    divisions (C3562), or the digits alone (3562) of an existing division."""
    letter, digits = (code[0], code[1:]) if code[:1].isalpha() else ("", code)
    if not 2 <= len(digits) <= 4 or not digits.isdigit() or not code.isascii():
        return False
    division = int(digits[:2])
    if not letter:
        return any(lo <= division <= hi for lo, hi in _SECTIONS.values())
    span = _SECTIONS.get(letter)
    return span is not None and span[0] <= division <= span[1]


def code_tokens(text: str, kind: CodeKind | None) -> Iterator[re.Match[str]]:
    """The places in ``text`` where a code stands: any 18-character run (a credit code or an
    ID number) and, for a field whose catalogue names a code system, its codes."""
    yield from _EIGHTEEN.finditer(text)
    if kind is CodeKind.INDUSTRY:
        yield from _INDUSTRY.finditer(text)


def token_valid(token: str, kind: CodeKind | None) -> bool:
    """Whether a token ``code_tokens`` found is a well-formed code of its system. An
    18-character run that is neither code is not judged: it may be a serial number."""
    if len(token) == 18:
        return uscc_valid(token) or id_card_valid(token) or not _looks_coded(token)
    return industry_code_valid(token)


def _looks_coded(token: str) -> bool:
    """An 18-character run shaped like a credit code (a registering authority's digit, its
    kind, six digits of the region) or an ID number (17 digits), maybe with letters misread
    for digits: one meant to check out."""
    digit_like = [c.isdigit() or c in _DIGIT_LIKE for c in token]
    looks_uscc = token[:1] in "123456789ABCDEFGHY" and all(digit_like[2:8])
    return looks_uscc or sum(digit_like) >= 15
