"""Applicant names: normalised for exact matching, tokenised for near matches."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Generic, TypeVar

import jieba

# jieba logs its dictionary loading at INFO to stderr; the CLI's output stays clean.
jieba.setLogLevel(logging.WARNING)

#: Company-form suffixes that do not tell two applicants apart (longest first).
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司")
# Round and square brackets hold a former name or a region tag; 《》 hold part of the name.
_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")
_NOISE = re.compile(r"[\s\-_·•.,，。、;；:：'\"“”‘’/\\|()\[\]{}<>《》【】〔〕]+")


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """The form two spellings of one applicant share.

    Full/half width and case are folded, bracketed parts (a former name, a region tag,
    "（集团）") and spaces/punctuation dropped, and a trailing company-form suffix removed.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _BRACKETED.sub("", text)
    text = _NOISE.sub("", text)
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


@cache
def name_tokens(normalised: str) -> frozenset[str]:
    """jieba words of a normalised name, single characters left out (they match anything)."""
    return frozenset(word for word in jieba.lcut(normalised) if len(word) > 1)


def token_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the words of two normalised names, 0..1."""
    left, right = name_tokens(a), name_tokens(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


T = TypeVar("T")


@dataclass(frozen=True)
class NameMatch(Generic[T]):
    item: T
    exact: bool
    #: 1.0 for an exact match, the word overlap for a near one.
    score: float


def match_names(
    name: str,
    candidates: Iterable[tuple[str, T]],
    *,
    near_threshold: float | None,
) -> list[NameMatch[T]]:
    """Candidates (name, item) matching ``name``: exact ones first, then near ones by score.

    ``near_threshold`` None means exact matches only (people's names).
    """
    target = normalise_name(name)
    matches: list[NameMatch[T]] = []
    for candidate_name, item in candidates:
        other = normalise_name(candidate_name)
        if other == target:
            matches.append(NameMatch(item, exact=True, score=1.0))
        elif near_threshold is not None:
            score = token_overlap(target, other)
            if score >= near_threshold:
                matches.append(NameMatch(item, exact=False, score=round(score, 3)))
    return sorted(matches, key=lambda m: (not m.exact, -m.score))
