"""新锐企业榜申报表."""

from __future__ import annotations

from samples.layouts.forms.common import lab, title
from samples.layouts.grid import (
    Filler,
    Grid,
    Values,
    list_block,
    section,
    signature,
    vertical,
    year_block,
)
from samples.model import CellSpec, DocBlock, Para
from schemas.catalogue import FormSpec

INDUSTRY_HINT = (
    "请参照《战略性新兴产业分类（2018）》（国家统计局令第23号），填写企业所属行业的一层主体编码内容，"
    "例如：所属行业为“电子电路制造”的企业，本栏填写“新型电子元器件及设备制造”"
)
BUSINESS_HINT = "请根据工商登记的经营范围结合企业实际经营业务与主导产品填写"
CODE_HINT = (
    "请参照《国民经济行业分类与代码》，填写企业主营业务或主导产品对应的统计“大类”和“中类”及其编号，"
    "例如：主营业务为“农副食品加工业”的企业，本栏填写“农副食品加工业+13”"
)
INNOVATION = (
    ("专利申请量", "专利申请量（项）"),
    ("专利授权量", "专利授权量（项）"),
    ("专利许可转让数量", "专利许可转让数量（项）"),
    ("拥有自主知识产权的专利数量", "拥有自主知识产权的专利数量（项）"),
)
RESEARCH = (
    ("研发团队规模", "研发团队规模\n（科技R&D人员数量）"),
    ("研发团队素质", "研发团队素质\n（硕士及以上学历人员占比）"),
    ("研发经费总额", "研发经费总额\n（万元）"),
    ("研发经费投入强度", "研发经费投入强度\n（当年研发经费占当年业务收入的百分比）"),
)
CONTRIBUTION = (
    ("税收贡献", "税收贡献\n（缴税总额/万元）"),
    ("就业贡献", "就业贡献\n（就业人数相较上一年的增长率）"),
    ("GDP贡献", "GDP贡献\n（营业收入总额/万元）"),
    ("经济辐射带动贡献", "经济辐射带动贡献\n（带动产业链上下游合作项目数/项）"),
)
GROWTH = (
    ("盈利预期增长能力", "盈利预期增长能力\n（万元）"),
    ("主营业务收入预期增长能力", "主营业务收入预期增长能力\n（万元）"),
    ("关键核心技术应用程度评估", "关键核心技术应用程度评估\n（高/较高/一般）"),
)
ACHIEVEMENTS = (
    "突出成绩（介绍企业在赋能地方科技经济融合发展方面的贡献或促进试点城市（园区）"
    "科技创新方面的突出成就）"
)


def _pair(fill: Filler, printed: str, label: str) -> list[tuple[CellSpec, int]]:
    return [(lab(printed, label), 1), (fill.value(label), 1)]


def _basic(fill: Filler) -> Grid:
    grid = Grid([3.2, 4.2, 3.2, 4.2])
    grid.row(
        _pair(fill, "申报企业名称", "申报企业名称")
        + _pair(fill, "所在地区\n请根据企业纳税所在地区填写\n（X省X市）", "所在地区")
    )
    grid.row(
        _pair(fill, "企业工商登记日期\n（年-月-日）", "企业工商登记日期")
        + _pair(fill, "法定代表人", "法定代表人")
    )
    grid.row(
        [
            (lab("是否高新技术企业", "是否高新技术企业"), 1),
            (fill.boxes("是否高新技术企业", [["是", "否"]], after=False), 1),
            (lab("是否属于上市公司", "是否属于上市公司"), 1),
            (fill.boxes("是否属于上市公司", [["是", "否"]], after=False), 1),
        ]
    )
    grid.row(
        _pair(fill, "注册资本（万元）", "注册资本")
        + _pair(fill, "从业人数\n（人）\n请参照缴纳社会保险的人数填写", "从业人数")
    )
    grid.row(_pair(fill, "联系人姓名", "联系人姓名") + _pair(fill, "职务", "职务"))
    grid.row(_pair(fill, "电话", "电话") + _pair(fill, "邮箱", "邮箱"))
    grid.row([(lab("联系人通讯地址", "联系人通讯地址"), 1), (fill.value("联系人通讯地址"), 3)])
    grid.row([(lab("所属行业", "所属行业"), 1), (fill.value("所属行业", hint=INDUSTRY_HINT), 3)])
    grid.row([(lab("主营业务", "主营业务"), 1), (fill.value("主营业务", hint=BUSINESS_HINT), 3)])
    grid.row(
        [
            (lab("主营业务或主导产品\n行业及代码", "主营业务或主导产品行业及代码"), 1),
            (fill.value("主营业务或主导产品行业及代码", hint=CODE_HINT), 3),
        ]
    )
    list_block(
        grid,
        fill,
        "企业获得称号",
        "企业获得称号",
        [("称号名称", "近3年内获得的称号名称", 2), ("认定年度", "认定年度", 1)],
        3,
    )
    return grid


def _years(fill: Filler) -> Grid:
    grid = Grid([1.0, 3.6, 2.1, 2.1, 2.1, 2.1])
    for group, corner, rows in (
        ("企业科技创新情况", "近三年", INNOVATION),
        ("企业技术研发投入", "近三年", RESEARCH),
        ("企业对地方贡献", "近三年", CONTRIBUTION),
        ("企业成长性", "未来三年", GROWTH),
    ):
        first, last = year_block(grid, fill, corner, rows, 1)
        grid.group(vertical(group), first, last)
    section(grid, fill, "突出成绩", ACHIEVEMENTS, 6)
    seals: list[Para] = [["申报单位公章："], [""], ["年    月    日"]]
    grid.row(
        [
            (CellSpec(0, 0, seals, "static"), 3),
            (CellSpec(0, 0, [["推荐单位公章："], *signature("")[1:]], "static"), 3),
        ]
    )
    return grid


def build(form: FormSpec, values: Values) -> list[DocBlock]:
    fill = Filler(form, values)
    return [title(form.title), _basic(fill).build(), _years(fill).build()]
