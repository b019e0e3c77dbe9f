"""Finding the catalogue label a printed label stands for, however it was filled in.

A label cell may carry spaces and line breaks, half- or full-width brackets, its unit
or fill-in hint, a numbering ("一、"), a colon and the value itself, or a wording of
another edition. Everything is compared on a *key*: the text folded to half width,
without white space, bracketed asides or numbering. A key equal to a label's, or
starting with it and followed only by hint text, is a sure match; otherwise jieba
tokens give a fuzzy one, and two equally good candidates are reported as ambiguous
rather than guessed.
"""

from __future__ import annotations

import difflib
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

from schemas.catalogue import FieldSpec, FormSpec
from schemas.normalise.numbers import is_unit

_BRACKETS = re.compile(r"[(\[【〔<《][^()\[\]【】〔〕<>《》]*[)\]】〕>》]")
#: A heading's numbering: 一、 1. (一) 2) — the recogniser may read its 、 as a colon or comma.
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.:,]|\(?[一二三四五六七八九十\d]+\)|\d+[、.])"
)
_SPACE = re.compile(r"\s+")
#: The printed seal, signature and date lines of the opinion boxes and of the closing block
#: after the last section: 申报单位（盖章）：, 负责人签字：, 日期：    年  月  日.
_SEAL = (
    r"\(?(?:(?:申报|推荐|主管|所在)?(?:单位|部门)?(?:负责人|法定代表人|法人代表)?"
    r"(?:公章|盖章|签章|签字|签名|印章|\((?:公章|盖章|签字|签章|签名)\)))\)?"
)
_BLANK_DATE = r"(?:日期:?)?(?:20\d\d)?年月日"
_SIGNATURE = re.compile(rf"(?::?(?:{_SEAL}|{_BLANK_DATE}):?)+")
#: Characters of the printed signature lines: a line of them with one slip (a character
#: misread, lost or added where a seal lies over it: 年月白, 申报单位公) is still one.
_SIGNATURE_CHARS = frozenset("申报推荐主管所在单位部门负责人法定代表公章盖签字名印日期年月()")
#: The shortest line a slip is allowed in: two characters are too few to know them by.
SIGNATURE_SLIP_MIN = 3
#: Marks a copy's or scan's specks are read as; a line of nothing else carries no value.
_SPECKS = ".,'`·:;、。，"
_COLON = re.compile(r"[:：]")
_MARKS = str.maketrans("", "", "*＊★·•")

#: Words that start the fill-in hints printed after a label ("请参照…填写").
#: Least share of words a fuzzy label shares with a printed one.
WORD_OVERLAP = 0.75
#: Failing that, the least likeness, character by character, of a key at least this long.
CHAR_ALIKE, MIN_ALIKE_KEY = 0.85, 4
#: Longest key a label is matched fuzzily by, or read across a colon (the longest printed
#: label, with room): longer text is a value or a section's prose.
MAX_LABEL = 40
#: A scalar's value run on after its label with no colon or line between (the line break a
#: PDF or scan lost): how sure such a match is, and the longest value taken so.
GLUED_SCORE, GLUED_VALUE = 0.9, 40
#: How sure a match is that holds only with the recogniser's look-alikes taken as one.
LOOK_ALIKE_SCORE = 0.9
HINT_STARTS = (
    *("请", "例如", "本栏", "参照", "按", "填写", "包括", "包含", "指", "仅限", "可另附"),
    "不超过",
)

#: Starts of whole lines that are a printed hint even inside a value cell (when they also
#: say 填写 or give an example); narrower than HINT_STARTS, as a written value may well
#: begin with 按 or 包括.
_LINE_HINT_STARTS = ("请", "例如", "本栏", "参照", "填写")

#: Words of the printed asides that describe what to write: （包括市场策略、运营状况等）.
_HINT_WORDS = re.compile(r"包括|等|请|填写|如有|例如|参照|不超过|以内")
#: Where a sentence ends, folded: a printed hint has none before its closing aside.
_SENTENCE_ENDS = ("。", "!", "?", ";")

#: Prompts the printed forms put under a heading, which a filled form often keeps above
#: its text (技术经理人先锋榜, section 一), whole as the 2022 notice prints them. A line
#: starting like one is not a value; nor is a line that ends like one, the rest of a prompt
#: that a page break cut (its first part closes the page before).
PRINTED_PROMPTS = (
    "（一）所从事的科技成果转移转化相关理论研究，参与完成技术转移转化和技术市场领域研究课题，"
    "或参与制定技术转移转化和技术市场相关法律法规、政策类文件，以及行业发展报告、专著、编著、"
    "教材等。",
    "（二）所从事的技术需求挖掘与分析、技术评估评价、技术中试孵化、技术成果运营、技术投融资、"
    "转移转化咨询，以及技术转让、技术许可、技术开发、技术咨询、技术服务等具体项目。",
    "（三）参与或主持创建技术转移相关平台建设、人才培养活动等。",
    "（四）参与或主持的技术转移项目获得的政府表彰、政策支持，及从业期间取得的经济效益与社会效益"
    "（奖项名称与颁发机构、技术交易额、技术合同信息等）。",
    "请阐述每一段工作经历的任职单位及任职职务，所负责的主要工作内容以及所取得的主要工作成绩。",
    "其他典型经验、代表性案例以附件的形式提交（PDF或图片）",
)
#: Characters of a prompt's start a line must begin with to be that prompt, and of its end
#: a line must be to be its cut-off rest: long enough that no written sentence is either.
PROMPT_START, PROMPT_TAIL = 16, 10
#: How alike (difflib ratio) a line and a prompt's end must be, the recogniser's slips allowed.
PROMPT_LIKENESS = 0.85

#: Wordings seen on filled forms that differ from the catalogue label, per label.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "联系人姓名": ("联系人",),
    "联系人": ("联系人姓名",),
    "组织机构联系人": ("联系人", "联系人姓名", "机构联系人"),
    "法定代表人": ("法人代表", "法人"),
    "注册资本": ("注册资金",),
    "从业人数": ("职工人数", "员工人数", "从业人员数"),
    "职称/职务": ("职称",),
    "所在地区": ("所在地", "所在省市"),
    "联系人通讯地址": ("通讯地址", "联系地址"),
    "邮箱": ("电子邮箱", "E-mail", "Email", "电子邮件"),
    "电子邮箱": ("邮箱", "E-mail", "Email", "电子邮件"),
    "电话": ("联系电话", "手机", "电话号码"),
    "联系方式": ("联系电话", "电话", "手机"),
    "申报企业名称": ("企业名称",),
    "企业工商登记日期": (
        *("工商登记日期", "工商注册日期", "企业注册日期", "注册日期"),
        *("企业成立日期", "成立日期"),
    ),
    "工商登记日期": ("企业工商登记日期", "工商注册日期", "注册日期", "成立日期"),
    "组织机构名称": ("机构名称",),
    "成立时间": ("成立日期",),
    "地址": ("通讯地址", "联系地址"),
    "详细地址": ("地址", "通讯地址"),
    "所属单位（团队）名称": ("所属单位名称", "所属团队名称", "单位名称", "所属单位", "所属团队"),
    "技术成熟度": ("技术成熟度等级", "技术就绪水平"),
    "是否属于上市公司": ("是否上市公司", "是否上市"),
    "从业至今累计成交技术交易额": ("累计成交技术交易额",),
    "从业至今累计登记技术合同数量": ("累计登记技术合同数量",),
}


def fold(text: str) -> str:
    """Half width, no white space: the form both sides are compared in."""
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text)).translate(_MARKS)
    # Dropping a mark may bring a letter and an accent together: compose them again, so
    # that folding twice changes nothing.
    return unicodedata.normalize("NFKC", folded)


_PROMPTS = tuple(fold(prompt) for prompt in PRINTED_PROMPTS)
_PROMPT_STARTS = tuple(prompt[:PROMPT_START] for prompt in _PROMPTS)


def _without_asides(text: str) -> str:
    """The text with bracketed asides removed, nested ones too."""
    previous = None
    while previous != text:
        previous = text
        text = _BRACKETS.sub("", text)
    return text


def label_key(text: str) -> str:
    """The comparable key of a printed label: folded, no asides, no numbering, no colon."""
    key = _without_asides(fold(text))
    previous = None
    # Numbering may stand twice over (一、1. or a misread 0)0)): all of it goes.
    while previous != key:
        previous = key
        key = _NUMBERING.sub("", key).strip(_SPECKS)
    return key


def is_hint(rest: str) -> bool:
    """Whether the text after a label is only a fill-in hint, an aside (its opening bracket
    perhaps misread) or its unit, after a slash (拥有发明专利数量/项) or, the slash lost to
    OCR, without."""
    if is_unit(rest.removeprefix("/")):
        return True
    if not rest or rest.startswith(HINT_STARTS) or rest[0] in "([【《,，、;；":
        return True
    # An aside whose opening bracket the recogniser lost or read as another mark (+包含…）).
    close = rest.find(")")
    return close > 0 and "(" not in rest[:close] and rest[1:].startswith(HINT_STARTS)


def strip_hint(text: str) -> str:
    """A value cell's text without the lines that are only a printed hint or aside, nor a
    printed aside that a wrapped line joined to the start of the value."""
    kept = [line for line in text.splitlines() if not (_is_hint_line(line) or _is_speck(line))]
    if kept:
        kept[0] = _without_leading_aside(kept[0])
    return "\n".join(kept).strip()


def _aside_end(text: str) -> int | None:
    """Where the first printed aside in the text closes (just past its bracket), if it does."""
    depth = 0
    for at, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
            if depth == 0:
                return at + 1
    return None


def _split_after_aside(text: str) -> tuple[str, str]:
    """A heading run into its text on one line: "五、示范推广宣传（…1000字）核心指标…"
    -> the heading up to its first printed aside (and a 【非必填】 after it), and the rest."""
    end = _aside_end(text)
    if end is None:
        return text, ""
    head, rest = text[:end], text[end:]
    if rest.lstrip().startswith("【") and "】" in rest:
        close = rest.index("】") + 1
        head, rest = head + rest[:close], rest[close:]
    return head, rest.strip()


def unclosed(text: str) -> bool:
    """Whether a printed aside opened in the text is not closed in it."""
    folded = fold(text)
    return folded.count("(") + folded.count("【") > folded.count(")") + folded.count("】")


def interleaved(text: str, labels: Sequence[str]) -> tuple[str, ...] | None:
    """The labels in the order they stand side by side, where the text is their printed lines
    read across their cells together (the rules between the cells lost): each line of it
    the next line of each label in turn, left to right (高新技术企 科技型中小企 | 业数 业数);
    on one line, the line breaks lost, as many rounds as it takes (高新技术企科技型中小企业数
    业数). None when no order reads so, or more than one."""
    lines = tuple(key for key in map(label_key, text.splitlines()) if key)
    keys = [label_key(label) for label in labels]
    if len(keys) < 2 or sorted("".join(lines)) != sorted("".join(keys)):
        return None
    orders = [
        order
        for order in itertools.permutations(range(len(keys)))
        if _reads_across(lines, tuple(keys[i] for i in order))
    ]
    return tuple(labels[i] for i in orders[0]) if len(orders) == 1 else None


def _reads_across(lines: tuple[str, ...], keys: tuple[str, ...]) -> bool:
    """Whether the lines are ``keys`` read in turns, a round a line (one line: any number of
    rounds): a part of the first key, then of the second..., each going on where that key's
    last part stopped, none empty until its key is read out."""

    def rest_from(at: int, done: tuple[int, ...]) -> bool:
        if at == len(lines):
            return done == tuple(map(len, keys))
        ends = set(_rounds(lines[at], keys, done, again=len(lines) == 1))
        return any(rest_from(at + 1, moved) for moved in ends)

    return rest_from(0, (0,) * len(keys))


def _rounds(
    line: str, keys: tuple[str, ...], done: tuple[int, ...], *, again: bool
) -> Iterator[tuple[int, ...]]:
    """How far each key is read once ``line`` is read as one round of turns from ``done``
    (as many rounds as it takes, ``again``)."""
    seen: set[tuple[int, tuple[int, ...], int]] = set()

    def turns(at: int, read: tuple[int, ...], turn: int) -> Iterator[tuple[int, ...]]:
        if (at, read, turn) in seen:
            return
        seen.add((at, read, turn))
        if turn == len(keys):
            if at == len(line):
                yield read
            elif again and read != done:
                yield from turns(at, read, 0)
            return
        left = keys[turn][read[turn] :]
        for size in range(len(left), 0 if left else -1, -1):
            if line.startswith(left[:size], at):
                moved = (*read[:turn], read[turn] + size, *read[turn + 1 :])
                yield from turns(at + size, moved, turn + 1)

    yield from turns(0, done, 0)


def hint_tail(text: str, *, after: str) -> bool:
    """Whether the text is the end of the printed hint of the label text ``after``, that a
    page break moved to the next page: one short line, no sentence in it, closing an aside
    that says what to write, one it opens (德、保密义务与责任等（1000字以内）) or one
    ``after`` left open (以内）)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        return False
    folded = fold(lines[0])
    start = folded.rfind("(")
    if start < 0 and unclosed(after):
        above = fold(after)
        folded, start = above[above.rfind("(") :] + folded, 0
    if not folded.endswith(")") or start < 0 or not _HINT_WORDS.search(folded[start:]):
        return False
    head = folded[:start]
    return len(head) <= MAX_LABEL and not any(end in head for end in _SENTENCE_ENDS)


def _without_leading_aside(line: str) -> str:
    stripped = line.lstrip()
    end = _aside_end(stripped) if stripped.startswith(("（", "(")) else None
    if end is None or not _HINT_WORDS.search(stripped[:end]):
        return line
    return stripped[end:]


def is_closing_line(text: str) -> bool:
    """Whether every line of the text is a printed seal, signature or blank date line."""
    lines = [fold(line) for line in text.splitlines() if line.strip()]
    return bool(lines) and all(_SIGNATURE.fullmatch(line) for line in lines)


def _is_hint_line(line: str) -> bool:
    folded = fold(line)
    if not folded or _signature(folded) or folded.startswith(_PROMPT_STARTS):
        return True
    if _prompt_tail(folded):
        return True
    if folded.startswith(_LINE_HINT_STARTS) and any(w in folded for w in ("填", "例如", "参照")):
        return True
    return not _without_asides(folded).strip(_SPECKS)


def _is_speck(line: str) -> bool:
    """Whether a line is a speck read as marks or a letter (.r, :, '): at most two
    characters, none of them a Chinese character or a digit, at least one a mark."""
    folded = fold(line)
    return (
        0 < len(folded) <= 2
        and any(c in _SPECKS for c in folded)
        and not any(c.isdigit() or "\u3400" <= c <= "\u9fff" for c in folded)
    )


def _signature(folded: str) -> bool:
    """Whether a (folded) line is a printed seal, signature or date line, specks aside and
    one slip of the recogniser allowed in a line long enough to tell."""
    bare = "".join(c for c in folded if c not in _SPECKS)
    if not bare or _SIGNATURE.fullmatch(bare):
        return bool(folded)
    known = sum(c in _SIGNATURE_CHARS for c in bare)
    strangers = len(bare) - known - sum(c.isdigit() for c in bare)
    # A slip leaves all a line's characters but one the signature's own (digits aside).
    if len(bare) < SIGNATURE_SLIP_MIN or known < SIGNATURE_SLIP_MIN - 1 or strangers > 1:
        return False
    return any(_SIGNATURE.fullmatch(slipped) for slipped in _one_slip(bare))


def _one_slip(text: str) -> Iterator[str]:
    """The text with one character other than a digit changed to a signature line's
    character or left out, or with one such character added: a date's digits are what was
    written, not a slip (2023年5月日 is a date with its day left out)."""
    for at in range(len(text) + 1):
        changed = at < len(text) and not text[at].isdigit()
        if changed:
            yield text[:at] + text[at + 1 :]
        for char in _SIGNATURE_CHARS:
            yield text[:at] + char + text[at:]
            if changed:
                yield text[:at] + char + text[at + 1 :]


def _prompt_tail(folded: str) -> bool:
    """Whether a (folded) line is the end of a printed prompt, as a page break leaves it."""
    if len(folded) < PROMPT_TAIL:
        return False
    return any(
        len(folded) < len(prompt)
        and difflib.SequenceMatcher(None, folded, prompt[-len(folded) :]).ratio() >= PROMPT_LIKENESS
        for prompt in _PROMPTS
    )


@dataclass(frozen=True)
class LabelMatch:
    label: str
    #: 1.0 for a sure match, lower for a fuzzy one.
    score: float
    #: Text of the cell after the label (a value written beside it), hint removed.
    rest: str = ""
    #: Whether the label ended with a colon, so that ``rest`` is surely its value.
    colon: bool = False
    #: Whether ``rest`` ran on after the label on its line, the break or rule between them
    #: lost: the value, unless a cell beside the label holds one.
    glued: bool = False


@dataclass(frozen=True)
class Ambiguous:
    text: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class LabelIndex:
    """The labels one form prints, with their keys and variant keys."""

    form: FormSpec
    #: key -> canonical label, for the catalogue labels, their groups and synonyms.
    keys: dict[str, str]
    #: Group prefixes of composite labels: 孵化科技型企业数量 -> its sub-labels.
    groups: dict[str, tuple[str, ...]]

    def match(self, text: str) -> LabelMatch | Ambiguous | None:
        """The label a cell or paragraph starts with, if any."""
        head, sep, tail = _COLON.split(text, maxsplit=1)[0], _COLON.search(text), ""
        if sep is not None:
            tail = text[sep.end() :]
            label = self.keys.get(label_key(head))
            if label is not None:
                return LabelMatch(label, 1.0, tail.strip(), colon=True)
            short = len(label_key(text)) <= MAX_LABEL
            across = self._across_colon(text, head, sep) if short else None
            if across is not None:
                return across
        lines = [line for line in text.splitlines() if line.strip() and not _is_speck(line)]
        # The most specific label wins: "联系人\n通讯地址" is 联系人通讯地址, not 联系人.
        heads = [(self._match_head(lines[:k]), k) for k in range(1, min(len(lines), 6) + 1)]
        found = max(((m, k) for m, k in heads if m is not None), default=None, key=_longest)
        if found is not None:
            (label, _, score), k = found
            # A printed aside wrapped over lines belongs to the label, not the value.
            while k < len(lines) and unclosed("".join(lines[:k])):
                k += 1
            return LabelMatch(label, score, "\n".join(lines[k:]).strip())
        head, rest = _split_after_aside(text)
        aside = self._match_head([head]) if rest else None
        if aside is not None:
            return LabelMatch(aside[0], aside[2], rest)
        glued = self._glued(text) if len(lines) == 1 else None
        if glued is not None:
            return glued
        heading = self._numbered_heading(lines)
        if heading is not None:
            return heading
        return self._fuzzy(text) if len(label_key(text)) <= MAX_LABEL else None

    def _numbered_heading(self, lines: list[str]) -> LabelMatch | None:
        """A numbered heading (二、…) over a section's text, its words misread (企业管理机式
        和制度创新): its first line, aside and all, matched fuzzily, the lines after it
        its text. Only a numbered line: a value's first line is not taken for a label."""
        if len(lines) < 2 or not _NUMBERING.match(fold(lines[0])):
            return None
        found = self._fuzzy(lines[0])
        if not isinstance(found, LabelMatch):
            return None
        k = 1
        while k < len(lines) and unclosed("".join(lines[:k])):
            k += 1
        return replace(found, rest="\n".join(lines[k:]).strip())

    def _across_colon(self, text: str, head: str, sep: re.Match[str]) -> LabelMatch | None:
        """A label with a speck read as a colon inside it (主营业务收入预期增长：能力): read
        without the colon, the text is a label that goes on past it."""
        found = self.match(text[: sep.start()] + text[sep.end() :])
        if not isinstance(found, LabelMatch) or found.score < 1.0:
            return None
        if len(label_key(found.label)) <= len(label_key(head)):
            return None
        return LabelMatch(found.label, GLUED_SCORE, found.rest)

    def _glued(self, text: str) -> LabelMatch | None:
        """A scalar's label with its value run on after it (组织机构联系人黄娜): the line
        break between them lost by a PDF's or scan's line joining. Not when the whole is
        the start of a longer label (a label cut short) or the rest starts one."""
        key = label_key(text)
        if any(k.startswith(key) for k in self.keys):
            return None
        heads = [k for k in self.keys if key.startswith(k) and not is_hint(key[len(k) :])]
        if not heads:
            return None
        head = max(heads, key=len)
        label = self.keys[head]
        if label in self.groups or not self._scalar(label):
            return None
        # Where the printed label ends in the text (its key drops marks and spaces).
        end = next(i for i in range(1, len(text) + 1) if len(label_key(text[:i])) >= len(head))
        rest = text[end:].strip()
        if not rest or len(rest) > GLUED_VALUE or any(mark in rest for mark in "，。；"):
            return None
        rest_key = label_key(rest)
        if any(k.startswith(rest_key) or rest_key.startswith(k) for k in self.keys):
            return None
        return LabelMatch(label, GLUED_SCORE, rest, glued=True)

    def _scalar(self, label: str) -> bool:
        try:
            spec = self.form.field(label)
        except KeyError:
            return False
        return not (spec.is_year_table or spec.is_list_table)

    @cached_property
    def _alike_keys(self) -> list[tuple[str, str, str]]:
        """Each key with its label and the key with look-alikes taken as one."""
        return [(key, label, key.translate(LOOK_ALIKE)) for key, label in self.keys.items()]

    def _match_head(self, head_lines: list[str]) -> tuple[str, int, float] | None:
        """The longest label the lines start with, followed by nothing but a hint, with the
        length of the key it matched and how sure the match is."""
        key = label_key("".join(head_lines))
        # Compared with the recogniser's look-alikes as one (申请入 is 申请人): a character
        # for a character, so the rest is where it was.
        alike = key.translate(LOOK_ALIKE)
        best = None
        for candidate, label, candidate_alike in self._alike_keys:
            if not (alike.startswith(candidate_alike) and is_hint(key[len(candidate) :])):
                continue
            score = 1.0 if key.startswith(candidate) else LOOK_ALIKE_SCORE
            if best is None or (len(candidate), score) > best[1:]:
                best = (label, len(candidate), score)
        return best

    def _fuzzy(self, text: str) -> LabelMatch | Ambiguous | None:
        key = label_key(text)
        if len(key) < 3:
            return None
        # An aside left open (its closing bracket lost to OCR, or cut by a narrow cell), or
        # closed with its opening bracket lost, is no part of the label.
        bare = key.split("(", 1)[0]
        opened = _before_lost_bracket(key)
        tried = [key, bare, opened or ""]
        for tried_key in dict.fromkeys(k for k in tried if len(k) >= 3):
            found = self._fuzzy_key(tried_key, text)
            if found is not None:
                return found
        return None

    def _fuzzy_key(self, key: str, text: str) -> LabelMatch | Ambiguous | None:
        # A label cut short (a cell too narrow, a lost line) is the start of a label.
        started = {label for k, label in self.keys.items() if k.startswith(key)}
        if len(started) > 1:
            return Ambiguous(text.strip(), tuple(sorted(started)))
        if started:
            return LabelMatch(started.pop(), 0.8)
        # Word tokens only where characters overlap enough to matter: loading jieba's
        # dictionary costs most of a second and 60 MB.
        chars = frozenset(key)
        near = [(k, label) for k, label in self.keys.items() if _char_overlap(chars, k) >= 0.5]
        if not near:
            return None
        mine = _tokens(key)
        scored = sorted(((_overlap(mine, _tokens(k)), label) for k, label in near), reverse=True)
        if not scored or scored[0][0] < WORD_OVERLAP:
            # A character too many or too few (a stray one from the next row: 总收入支)
            # splits words differently, but leaves the characters in their order.
            scored = sorted(((likeness(key, k), label) for k, label in near), reverse=True)
            if len(key) < MIN_ALIKE_KEY or scored[0][0] < CHAR_ALIKE:
                return None
        top = [label for score, label in scored if score == scored[0][0]]
        if len(set(top)) > 1:
            return Ambiguous(text.strip(), tuple(sorted(set(top))))
        return LabelMatch(top[0], round(0.6 + 0.3 * scored[0][0], 2))


def _longest(found: tuple[tuple[str, int, float], int]) -> tuple[int, float, int]:
    """Order of head matches: the longer matched key, the surer, then the fewer lines."""
    (_, length, score), lines = found
    return length, score, -lines


@cache
def _tokens(key: str) -> frozenset[str]:
    """The key's words; punctuation (the / of 新增产品/工艺创新数) is none."""
    return frozenset(t for t in _jieba().lcut(key) if any(c.isalnum() for c in t))


#: Characters the recogniser takes for one another, each as the one it is compared as:
#: 人 for 入 (企业总收人), 己 for 已, 干 for 千, 末 for 未, 士 for 土, 个 for 介 (组织机构简个).
LOOK_ALIKE = str.maketrans(
    {"人": "入", "己": "已", "巳": "已", "干": "千", "末": "未", "士": "土", "个": "介"}
)


def likeness(key: str, other: str) -> float:
    """How alike two keys are, character by character in order (0 to 1), a character the
    recogniser takes for another counting as that one."""
    return difflib.SequenceMatcher(
        None, key.translate(LOOK_ALIKE), other.translate(LOOK_ALIKE), autojunk=False
    ).ratio()


def _before_lost_bracket(key: str) -> str | None:
    """A key whose aside lost its opening bracket to OCR (企业总收入包括…收入)): the key up
    to where the aside's hint words start, before its closing bracket; None if no such."""
    close = key.find(")")
    if close < 0 or "(" in key[:close]:
        return None
    starts = [at for word in HINT_STARTS if 0 < (at := key.find(word)) < close]
    return key[: min(starts)] if starts else None


@cache
def _jieba() -> Any:
    """jieba, imported on first fuzzy match: its dictionary takes most of a second to load."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _char_overlap(chars: frozenset[str], key: str) -> float:
    other = _chars(key)
    return len(chars & other) / len(chars | other)


@cache
def _chars(key: str) -> frozenset[str]:
    return frozenset(key)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _labels_of(field: FieldSpec) -> Iterable[str]:
    yield field.label
    yield from SYNONYMS.get(field.label, ())


@cache
def label_index(form: FormSpec) -> LabelIndex:
    keys: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for field in form.fields:
        if "/" in field.label:
            prefix, _, sub = field.label.partition("/")
            groups.setdefault(prefix, []).append(sub)
    real_groups = {k: tuple(v) for k, v in groups.items() if len(v) > 1}
    for field in form.fields:
        prefix = field.label.partition("/")[0]
        if prefix in real_groups:
            keys.setdefault(label_key(prefix), prefix)
            continue
        for text in _labels_of(field):
            keys.setdefault(label_key(text), field.label)
    # A canonical label always wins over another label's synonym with the same key.
    for field in form.fields:
        if field.label.partition("/")[0] not in real_groups:
            keys[label_key(field.label)] = field.label
    return LabelIndex(form, keys, real_groups)
