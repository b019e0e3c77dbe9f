"""(h) Page header and footer with label-like text that is not part of the form."""

from __future__ import annotations

from random import Random

from samples import fake
from samples.layouts.common import always
from samples.layouts.registry import Variant
from samples.model import DocSpec
from schemas.catalogue import FormSpec


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    where = fake.place(rng)
    clerk = fake.person(rng)
    other = fake.person(rng)
    doc.header = f"{form.title}  填表人：{clerk.name}  邮箱：{clerk.pinyin}@cast-example.org.cn"
    doc.footer = f"联系人：{other.name} 电话：{fake.landline(rng, where)}"


VARIANT = Variant(
    "header_footer",
    "page header and footer holding label-like text (联系人：… 电话：…) to be ignored",
    always,
    apply,
)
