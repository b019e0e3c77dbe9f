"""(i) Values written the many ways people write them (the truth stays normalised)."""

from __future__ import annotations

from random import Random

from samples.layouts.common import always
from samples.layouts.registry import Variant
from samples.model import DocSpec
from schemas.catalogue import FormSpec


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    doc.formatter = "varied"


VARIANT = Variant(
    "value_formats",
    "dates as 2019年3月5日 / 2019/3/5 / 2019.03.05, money in 元 or 亿元 or with thousands "
    "separators, Chinese numerals for counts, percents as 5.2% / 5.2 / 百分之五点二, TRL as "
    "TRL6 / 6级 / 六级",
    always,
    apply,
)
