"""(c) Labels typed the way people retype forms.

Spaces and line breaks inside labels ("研 发 经 费\\n总额"), half-width brackets
"(万元)", hints dropped or kept, other wording for the same field and 申请表 for 申报表.
"""

from __future__ import annotations

from random import Random

from samples.layouts.common import always, tables
from samples.layouts.forms.common import KINDS
from samples.layouts.registry import Variant
from samples.model import CellSpec, DocSpec, ParaSpec
from schemas.catalogue import FormSpec

#: Other wordings seen for the same field (catalogue label -> printed label).
SYNONYMS = {
    "联系人姓名": "联系人",
    "企业工商登记日期": "企业成立日期",
    "工商登记日期": "工商注册日期",
    "组织机构联系人": "联系人",
    "成立时间": "成立日期",
    "申报企业名称": "企业名称",
    "详细地址": "地址",
    "联系人通讯地址": "通讯地址",
    "所属单位（团队）名称": "所属单位名称",
    "法定代表人": "法人代表",
    "注册资本": "注册资金",
    "从业人数": "职工人数",
    "电话": "联系电话",
    "联系方式": "联系电话",
    "邮箱": "电子邮箱",
    "电子邮箱": "邮箱",
    "职称/职务": "职称（职务）",
    "所在地区": "所在地",
}
SHARE = 0.6


def _spaced(text: str) -> str:
    return " ".join(text)


def _broken(text: str, rng: Random) -> str:
    if len(text) < 4:
        return text
    cut = rng.randint(2, len(text) - 2)
    return text[:cut] + "\n" + text[cut:]


def _half_width(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _relabel(cell: CellSpec, rng: Random) -> None:
    field = cell.field or ""
    printed = cell.text()
    head, _, rest = printed.partition(field) if field and field in printed else ("", "", printed)
    habit = rng.randrange(5)
    if habit == 0 and field in SYNONYMS:
        text = head + SYNONYMS[field] + rest
    elif habit == 1 and field:
        text = head + _spaced(field) + rest
    elif habit == 2 and field:
        text = head + _broken(field, rng) + rest
    elif habit == 3:
        text = _half_width(printed)
    else:
        text = printed.split("\n")[0]
    cell.paras = [[line] for line in text.split("\n")]


def _retitle(doc: DocSpec, rng: Random) -> None:
    for block in doc.blocks:
        if isinstance(block, ParaSpec) and block.align == "center":
            last = block.paras[-1]
            if last and last[0] in KINDS:
                kind = KINDS[1] if last[0] == KINDS[0] else KINDS[0]
                block.paras = [[str(block.paras[0][0]) + kind]]
            return


def apply(doc: DocSpec, form: FormSpec, rng: Random) -> None:
    _retitle(doc, rng)
    for table in tables(doc):
        for cell in table.cells:
            if cell.role == "label" and rng.random() < SHARE:
                _relabel(cell, rng)


VARIANT = Variant(
    "label_noise",
    "labels with spaces and line breaks inside, half-width brackets, hints dropped, other "
    "wordings (联系人 for 联系人姓名, 企业成立日期 for 企业工商登记日期, …), 申请表/申报表 swapped "
    "and the title on one line",
    always,
    apply,
)
