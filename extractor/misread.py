"""A value read from pixels, checked against what its field allows before it is given.

The recogniser confuses characters that look alike (O/0, I/1/l, S/5, B/8, Z/2, G/6). A
scanned value whose text does not fit its field (a number that does not parse or lies outside
the field's range, a date that is no date, a phone number or e-mail address that is not one,
a credit code whose check character disagrees, an industry code whose section letter does not
match its division) is read again with the look-alikes swapped. When exactly one reading
fits, it is taken, with lowered confidence and a word for the reviewer; when none or several
fit, what was read is kept, with the readings that would fit, and the reviewer is told:
never a silent wrong value.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

from schemas.catalogue import FieldSpec, FieldType
from schemas.checks.contact import is_email, is_phone
from schemas.codes import CodeKind, code_tokens, token_valid
from schemas.normalise import Normalised, normalise, normalise_cell
from schemas.normalise.contact import EMAIL_LABELS, PHONE_LABELS
from schemas.normalise.text import to_halfwidth
from schemas.record import FlatValue

__all__ = ["REREAD_FACTOR", "Reading", "reread", "rereads", "without_stray_marks"]

#: Letters (and a bar) the recogniser writes for a digit, and the digit.
AS_DIGIT = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "i": "1", "|": "1", "!": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6", "g": "9", "q": "9",
}  # fmt: skip
#: Digits the recogniser writes for a capital letter, and the letter.
AS_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G"}
#: Misreadings of an e-mail address's marks: the at sign and the dots.
EMAIL_SLIPS = (
    ("®", "@"), ("©", "@"), (",", "."), ("。", "."), (":", "."), ("corn", "com"), ("c0m", "com"),
)  # fmt: skip
#: Marks at the ends of an address's text that no address starts or ends with: a box's, a
#: rule's or a speck's remains read beside it (lijing@sina.com'口).
_NOT_EMAIL_ENDS = re.compile(r"^[^A-Za-z0-9]+|[^A-Za-z0-9]+$")
#: The mail providers most applicants' addresses are at: a domain a look-alike away from one
#: of them (qg.com, l63.com) is that one misread, not another domain.
MAIL_DOMAINS = frozenset(
    {
        "qq.com", "vip.qq.com", "foxmail.com", "163.com", "vip.163.com", "126.com",
        "yeah.net", "sina.com", "sina.cn", "sohu.com", "139.com", "189.cn", "aliyun.com",
        "gmail.com", "outlook.com", "hotmail.com", "icloud.com", "yahoo.com",
    }
)  # fmt: skip
#: Look-alikes in a mail domain: each way the recogniser slips, and back.
DOMAIN_SLIPS = (
    ("g", "q"), ("q", "g"), ("l", "1"), ("i", "1"), ("1", "l"), ("0", "o"),
    ("o", "0"), ("rn", "m"), ("b", "6"), ("6", "b"), ("s", "5"), ("9", "q"),
)  # fmt: skip
#: Look-alike characters swapped at once at most (2**6 readings of one value).
MAX_SWAPS = 6
#: A value taken from a reading other than the text as read keeps this share of its
#: confidence; one whose reading is in doubt keeps the lower share.
REREAD_FACTOR = 0.7
DOUBT_FACTOR = 0.5

#: Field kinds whose text is digits (and a few words): every look-alike letter is suspect.
_DIGIT_KINDS = frozenset(
    {FieldType.INT, FieldType.NUMBER, FieldType.PERCENT, FieldType.DATE, FieldType.YEARMONTH}
)
_NUMBERS = frozenset({FieldType.INT, FieldType.NUMBER, FieldType.PERCENT})
#: Digits on either side of white space: two numbers (or a number and a speck), not one.
_SPLIT_DIGITS = re.compile(r"\d\s+[\d.]")
_ASCII_LETTERS = re.compile(r"[A-Za-z|!]")
_NOT_IN_CODES = frozenset("IOSZoilsz|")
#: Characters at the ends of a phone number's text that are none of a number's.
_NOT_PHONE_ENDS = re.compile(r"^[^\d+(（]+|[^\d)）]+$")
#: A mark standing alone (between spaces or at an end) in a number, a dot before it, a dash
#: on its own after it, or a dash before it (where the number cannot be below zero): a
#: rule's or a speck's remains, not a character of it.
_STRAY = re.compile(
    r"(?:(?<=\s)|^)[!|.,:;'`·丨]+(?=\s|$)|(?<=\d)[.,:;'`·]+$|^[.,:;'`·]+(?=\d)"
    r"|(?<=\d)\s+[-—–_~]+$|^\s*[-—–一_~]+(?=\s*\d)"
)


class _Mode(Enum):
    DIGITS = "digits"
    EMAIL = "email"
    CODES = "codes"
    #: A word of a fixed list (高, 较高, 一般; 男, 女): read twice, it is still one.
    OPTIONS = "options"


@dataclass(frozen=True)
class Reading:
    """What a scanned value's text is taken to be, and how sure that is."""

    #: The text the value is read from: what was read, or the one reading that fits.
    text: str
    #: Share of the OCR confidence the value keeps (1.0: what was read fits).
    factor: float = 1.0
    #: What a reviewer is told; None when what was read fits its field.
    doubt: str | None = None
    #: Other readings that would fit, when the reader cannot tell which was written.
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Rule:
    parse: Callable[[str], Normalised]
    allowed: Callable[[FlatValue], bool]
    mode: _Mode
    code: CodeKind | None
    #: An amount, a count or a share: one number, never two read as one.
    numeric: bool
    #: A phone number (or several).
    phone: bool = False


#: A mark standing alone at an end of a short text read from a scan (after or before a
#: space), and a quotation mark at an end that closes or opens nothing in it: a speck's or a
#: rule's remains (生物产业 :, 项目经理”), no character of the value.
_LONE_END_MARK = re.compile(r"\s+[.,:;'`·!|丨]+$|^[.,:;'`·!|丨]+\s+")
_OPENING, _CLOSING = "“‘", "”’"


def without_stray_marks(text: str) -> str:
    """A short text read from a scan without a speck's mark alone at its ends, nor a
    quotation mark at an end that pairs with none in it."""
    kept = _LONE_END_MARK.sub("", text.strip())
    quotes = _OPENING + _CLOSING
    if kept[-1:] and kept[-1] in quotes and not any(c in quotes for c in kept[:-1]):
        kept = kept[:-1]
    if kept[:1] and kept[0] in quotes and not any(c in quotes for c in kept[1:]):
        kept = kept[1:]
    return kept.strip() or text.strip()


def rereads(spec: FieldSpec) -> bool:
    """Whether a scanned value of ``spec`` is checked this way: digits, dates, phones,
    e-mail addresses, codes and words of a list; ticked choices and prose are not."""
    if spec.is_list_table:
        return False
    return _mode(spec) is not None


def _mode(spec: FieldSpec) -> _Mode | None:
    if spec.label in EMAIL_LABELS:
        return _Mode.EMAIL
    if spec.label in PHONE_LABELS or spec.cell_type in _DIGIT_KINDS or spec.key == "trl":
        return _Mode.DIGITS
    if spec.cell_type is FieldType.TEXT:
        return _Mode.CODES
    if spec.cell_type in (FieldType.ENUM, FieldType.GRADE):
        return _Mode.OPTIONS
    return None


def reread(spec: FieldSpec, raw: str, *, column: str = "", printed: str | None = None) -> Reading:
    """The text to read a scanned value of ``spec`` (its year ``column``) from; ``printed``
    is the money unit its label prints."""
    mode = _mode(spec)
    if mode is None:
        return Reading(raw)
    numeric = spec.cell_type in _NUMBERS and spec.key != "trl"
    rule = _Rule(
        _parser(spec, column, printed),
        _allowed(spec),
        mode,
        spec.code,
        numeric,
        phone=spec.label in PHONE_LABELS,
    )
    if _fits(rule, raw):
        return Reading(raw)
    shown = raw.strip()
    # Stray marks first (a rule's remains read as "!" or "."), then look-alikes.
    others: list[str] = []
    fitting: list[str] = []
    for tier in _tiers(rule, raw):
        readings = [text for text in dict.fromkeys(tier) if text != raw and text not in others]
        others.extend(readings)
        fitting = [text for text in readings if _fits(rule, text)]
        if fitting:
            break
    if len(fitting) == 1:
        return Reading(
            fitting[0],
            REREAD_FACTOR,
            f"识别为“{shown}”，不符合本项要求；改读为“{fitting[0].strip()}”，"
            "请核对原件（low confidence）",
        )
    if fitting:
        listed = "、".join(f"“{text.strip()}”" for text in fitting)
        return Reading(
            raw,
            DOUBT_FACTOR,
            f"识别为“{shown}”，不符合本项要求；可能是 {listed}，请核对原件（low confidence）",
            tuple(fitting),
        )
    if _parses(rule, raw) and rule.mode is not _Mode.CODES:
        # A number out of range, a phone number a digit short: the checks say so, as read.
        return Reading(raw)
    parsing = [text for text in others if _parses(rule, text)]
    if len(parsing) == 1:
        return Reading(
            parsing[0],
            REREAD_FACTOR,
            f"识别为“{shown}”，无法读取；改读为“{parsing[0].strip()}”，"
            "请核对原件（low confidence）",
        )
    what = "代码校验不符" if _parses(rule, raw) else "无法按本项读取"
    return Reading(
        raw,
        DOUBT_FACTOR,
        f"识别为“{shown}”，{what}，请核对原件（low confidence）",
        tuple(parsing),
    )


def _parser(spec: FieldSpec, column: str, printed: str | None) -> Callable[[str], Normalised]:
    if column:
        return lambda text: normalise_cell(spec, column, text, printed=printed)
    return lambda text: normalise(spec, text, printed=printed)


def _allowed(spec: FieldSpec) -> Callable[[FlatValue], bool]:
    """What the field allows of a parsed value, beyond its type."""

    def allowed(value: FlatValue) -> bool:
        if isinstance(value, bool):
            return True
        if isinstance(value, int | float):
            return (spec.min is None or value >= spec.min) and (
                spec.max is None or value <= spec.max
            )
        if isinstance(value, str) and spec.label in PHONE_LABELS:
            return all(is_phone(part) for part in _parts(value))
        if isinstance(value, str) and spec.label in EMAIL_LABELS:
            return all(is_email(part) and not _provider_misread(part) for part in _parts(value))
        if isinstance(value, str):
            return all(token_valid(m.group(), spec.code) for m in code_tokens(value, spec.code))
        return True

    return allowed


def _parts(text: str) -> list[str]:
    return [part for part in re.split(r"\s*(?:[/／、,;，；]|或|\s)\s*", text.strip()) if part]


def _parses(rule: _Rule, text: str) -> bool:
    return rule.parse(text).problem is None


def _fits(rule: _Rule, text: str) -> bool:
    if rule.numeric and _SPLIT_DIGITS.search(text):
        return False
    parsed = rule.parse(text)
    if parsed.problem is not None:
        return False
    return parsed.value is None or rule.allowed(parsed.value)


def _tiers(rule: _Rule, raw: str) -> Iterator[list[str]]:
    """Readings of ``raw``, a tier at a time: stray marks dropped, then look-alikes swapped
    as well, then look-alikes alone (a bar may be a 1), then (phones) a 1 at an end dropped."""
    clean = _STRAY.sub(" ", raw).strip() if rule.mode is _Mode.DIGITS else raw
    yield [clean]
    if rule.numeric:
        # Two numbers in one cell: one of them, or both run together, was written.
        yield [*clean.split(), "".join(clean.split())]
    yield list(_readings(rule, clean))
    yield list(_readings(rule, raw))
    if rule.phone:
        # What no phone number begins or ends with (a seal's or a tick's stroke, or the
        # cell's border read as a bar), or that border read as a 1 at an end of the number:
        # only a phone number's length and prefix tell that 1 from a digit written (a share
        # of 115 is no share of 15).
        text = clean.strip()
        yield [
            *([bare] if (bare := _NOT_PHONE_ENDS.sub("", text)) != text and bare else []),
            *([text[1:]] if text.startswith("1") else []),
            *([text[:-1]] if text.endswith("1") else []),
        ]


def _readings(rule: _Rule, raw: str) -> Iterator[str]:
    """Texts the recogniser may have meant by ``raw``, the fewest swaps first."""
    if rule.mode is _Mode.EMAIL:
        yield from _email_readings(raw)
        return
    if rule.mode is _Mode.OPTIONS:
        yield from _once(raw)
        return
    if rule.mode is _Mode.DIGITS:
        text = to_halfwidth(raw)
        spots = [
            (m.start(), AS_DIGIT[m.group()])
            for m in _ASCII_LETTERS.finditer(text)
            if m.group() in AS_DIGIT
        ]
        yield from _swapped(text, spots)
        return
    for match in code_tokens(raw, rule.code):
        token = match.group()
        if len(token) == 18:
            # A credit code's alphabet has no I, O, S, V or Z: those are digits for certain.
            forced = "".join(AS_DIGIT.get(c, c) if c in _NOT_IN_CODES else c for c in token)
            if forced != token:
                raw, token = raw[: match.start()] + forced + raw[match.end() :], forced
                yield raw
        # An industry code opens with its section letter; the rest of any code is digits.
        opens_with_letter = len(token) < 18
        spots = []
        for offset, char in enumerate(token):
            swap = AS_LETTER.get(char) if offset == 0 and opens_with_letter else AS_DIGIT.get(char)
            if swap is not None:
                spots.append((match.start() + offset, swap))
        yield from _swapped(raw, spots)


def _swapped(text: str, spots: list[tuple[int, str]]) -> Iterator[str]:
    """``text`` with each subset of ``spots`` (position, replacement) swapped, smallest first."""
    spots = spots[:MAX_SWAPS]
    for size in range(1, len(spots) + 1):
        for chosen in itertools.combinations(spots, size):
            chars = list(text)
            for at, to in chosen:
                chars[at] = to
            yield "".join(chars)


def _once(raw: str) -> Iterator[str]:
    """A word the recogniser read twice or more over (高高): the word once."""
    text = "".join(raw.split())
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            yield text[:size]
            return


def _email_readings(raw: str) -> Iterator[str]:
    text = to_halfwidth(raw)
    bare = _NOT_EMAIL_ENDS.sub("", text.strip())
    if bare and bare != text:
        yield bare
        text = bare
    marks = [text]
    for size in range(1, len(EMAIL_SLIPS) + 1):
        for chosen in itertools.combinations(EMAIL_SLIPS, size):
            out = text
            for wrong, right in chosen:
                out = out.replace(wrong, right)
            if out != text:
                marks.append(out)
                yield out
    for address in marks:
        yield from _provider_readings(address)


def _domain_slips(domain: str) -> set[str]:
    """``domain`` with one or two look-alike slips undone (gg.com is qq.com twice slipped)."""
    once = set(_one_slip(domain))
    return once | {twice for other in once for twice in _one_slip(other)}


def _one_slip(domain: str) -> Iterator[str]:
    for wrong, right in DOMAIN_SLIPS:
        start = domain.find(wrong)
        while start >= 0:
            yield domain[:start] + right + domain[start + len(wrong) :]
            start = domain.find(wrong, start + 1)


def _providers_near(address: str) -> set[str]:
    """The providers' domains a slip or two from the address's, when it is no provider's."""
    domain = address.strip().rpartition("@")[2].lower()
    return set() if domain in MAIL_DOMAINS else _domain_slips(domain) & MAIL_DOMAINS


def _provider_misread(address: str) -> bool:
    """Whether the address's domain is no provider's but a slip or two from one's."""
    return bool(_providers_near(address))


def _provider_readings(text: str) -> Iterator[str]:
    """The address (or addresses) in ``text`` with a misread provider's domain put right."""
    mended = text
    for part in _parts(text):
        known = _providers_near(part)
        if len(known) == 1:
            user = part.strip().rpartition("@")[0]
            mended = mended.replace(part, f"{user}@{known.pop()}")
    if mended != text:
        yield mended
