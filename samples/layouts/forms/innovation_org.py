"""融通创新组织榜申报表."""

from __future__ import annotations

from samples.layouts.forms.common import lab, title
from samples.layouts.grid import Filler, Grid, Values, cell, section
from samples.model import Block, CellSpec, DocBlock, Para
from schemas.catalogue import FormSpec

INCUBATED = "孵化科技型企业数量"
SECTIONS = (
    ("组织机构简介", "一、组织机构简介（包含成立背景、股东情况、规模及工作内容等，500字以内）"),
    (
        "机制模式创新情况",
        "二、机制模式创新情况（包含研发模式、转移转化模式、服务机制、激励机制、市场化机制等方面的"
        "创新性、灵活性及完善程度等，1000字以内）",
    ),
    (
        "对“科创中国”工作促进作用",
        "三、对“科创中国”工作促进作用（包含组织机构借助科协力量，促进“科创中国”工作开展的做法及"
        "案例，1000字以内）",
    ),
    (
        "对本地产学研生态构建及产业发展的贡献",
        "四、对本地产学研生态构建及产业发展的贡献（包含对“科创中国”试点城市（园区）产学研生态构建"
        "的促进和产业发展的贡献及案例，1000字以内）",
    ),
)


def _basic(fill: Filler) -> Grid:
    grid = Grid([3.4, 3.6, 2.4, 2.4, 2.6])
    grid.row(
        [
            (lab("组织机构名称", "组织机构名称"), 1),
            (fill.value("组织机构名称"), 1),
            (lab("成立时间", "成立时间"), 1),
            (fill.value("成立时间"), 2),
        ]
    )
    types = fill.spec("机构类别").options
    grid.row(
        [
            (lab("机构类别", "机构类别"), 1),
            (fill.boxes("机构类别", [types[0:2], types[2:4]], after=False), 4),
        ]
    )
    grid.row(
        [
            (lab("从事产学研融通服务时间（年）", "从事产学研融通服务时间"), 1),
            (fill.value("从事产学研融通服务时间"), 1),
            (lab("从事产学研融通服务专职人员数量（人）", "从事产学研融通服务专职人员数量"), 1),
            (fill.value("从事产学研融通服务专职人员数量"), 2),
        ]
    )
    grid.row([(lab("详细地址", "详细地址"), 1), (fill.value("详细地址"), 4)])
    grid.row(
        [
            (lab("组织机构联系人", "组织机构联系人"), 1),
            (fill.value("组织机构联系人"), 1),
            (lab("职务", "职务"), 1),
            (fill.value("职务"), 2),
        ]
    )
    grid.row(
        [
            (lab("电话", "电话"), 1),
            (fill.value("电话"), 1),
            (lab("邮箱", "邮箱"), 1),
            (fill.value("邮箱"), 2),
        ]
    )
    first = grid.n_rows
    contract = "与“科创中国”试点城市（园区）内主体的产学研技术合同成交金额总数"
    grid.row([(lab(contract + "（万元）", contract), 1), (fill.value(contract), 3)], 1)
    header = grid.row(
        [
            (cell("colheader", "总数"), 1),
            (cell("colheader", "高新技术企业数"), 1),
            (cell("colheader", "科技型中小企业数"), 1),
        ],
        2,
    )
    counts = [
        (CellSpec(0, 0, [[fill.val(f"{INCUBATED}/{sub}")]], "value", field=f"{INCUBATED}/{sub}"), 1)
        for sub in ("总数", "高新技术企业数", "科技型中小企业数")
    ]
    grid.row(counts, 2)
    grid.place(lab(f"{INCUBATED}（个）", INCUBATED), header, 1, 2, 1)
    grid.blocks.append(Block("list", header, header + 1, 1))
    grid.row(
        [
            (lab("高层次创新人才数量占比（%）", "高层次创新人才数量占比"), 1),
            (fill.value("高层次创新人才数量占比"), 3),
        ],
        1,
    )
    grid.group("近三年组织机构产学研融通情况", first, grid.n_rows - 1)
    return grid


def _texts(fill: Filler) -> Grid:
    grid = Grid([7.2, 7.2])
    for label, heading in SECTIONS:
        section(grid, fill, label, heading, 2)
    seal: list[Para] = [["申报单位公章："], [""], ["年    月    日"]]
    recommender: list[Para] = [["推荐单位公章："], [""], ["年    月    日"]]
    grid.row([(CellSpec(0, 0, seal, "static"), 1), (CellSpec(0, 0, recommender, "static"), 1)])
    return grid


def build(form: FormSpec, values: Values) -> list[DocBlock]:
    fill = Filler(form, values)
    return [title(form.title), _basic(fill).build(), _texts(fill).build()]
