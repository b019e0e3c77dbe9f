"""创业就业先锋榜申报表."""

from __future__ import annotations

from samples.layouts.forms.common import lab, static, title
from samples.layouts.grid import (
    Filler,
    Grid,
    Values,
    list_block,
    opinion,
    section,
    year_block,
)
from samples.model import CellSpec, DocBlock
from schemas.catalogue import FormSpec

INDUSTRY_HINT = (
    "请参照《战略性新兴产业分类（2018）》（国家统计局令第23号），填写企业所属行业的一层主体编码内容，"
    "例如：所属行业为“电子电路制造”的企业，本栏填写“新型电子元器件及设备制造”"
)
#: (label, printed label, printed hint kept in the value cell or None)
STORY = (
    (
        "核心专有技术（或产品）及优势竞争力",
        "核心专有技术\n（或产品）及优势竞争力",
        "（研发资源、核心专有技术（或产品）及优势等）",
    ),
    (
        "企业的技术创新、管理创新、服务创新",
        "企业的技术创新、管理创新、服务创新（不超过1000字）",
        "（包括创业就业网络体系或平台的先进性，管理模式和制度的创新，服务内容的创新性、丰富性）",
    ),
    ("商业模式", "商业模式（不超过1000字）", "（包括市场策略、运营状况、发展潜力等）"),
    ("融资情况", "融资情况（不超过1000字）", "（获得天使投资、风险资本（VC）等融资次数及金额）"),
    ("创业理念", "创业理念（不超过1000字）", None),
)
CAPABILITY = (
    ("税收贡献", "税收贡献\n（缴税总额/万元）"),
    ("研发经费投入强度", "研发经费投入强度\n（当年研发经费占当年主营业务收入的百分比）"),
    ("研发费用总额", "研发费用总额\n（万元）"),
    ("研发人员占比", "研发人员占比\n（科技R&D人员数量/就业人员总数）"),
    ("拥有发明专利数量", "拥有发明专利数量（项）"),
    ("拥有自主知识产权的专利数量", "拥有自主知识产权的专利数量（项）"),
    ("新增研发项目数", "新增研发项目数（项）"),
    ("新增产品/工艺创新数", "新增产品/工艺创新数（项）"),
)
FUTURE = (
    ("预期盈利增长能力", "预期盈利增长能力（万元）"),
    ("主营业务利润增长率", "主营业务利润增长率（%）"),
    ("企业估值", "企业估值\n（万元）"),
)
EMPLOYMENT = (
    ("企业总收入", "企业总收入\n（包括营业收入和非营业收入）\n（万元）"),
    ("就业服务（平台）的访问量", "就业服务（平台）的访问量"),
    ("就业服务平台的企业用户数", "就业服务平台的企业用户数（人）"),
    ("就业服务平台的求职用户数", "就业服务平台的求职用户数（人）"),
    ("就业服务（平台）促成的就业职位数量", "就业服务（平台）促成的就业职位数量（个）"),
    (
        "就业服务（平台）促成的大学生/青年就业人数",
        "就业服务（平台）促成的大学生/青年就业人数（人）",
    ),
    ("围绕就业服务开展的活动数量", "围绕就业服务开展的活动数量（次）"),
)
SECTIONS = (
    (
        "在热点领域或关键核心技术领域取得的突出成绩",
        "一、在热点领域或关键核心技术领域取得的突出成绩，是否形成了企业标准或行业标准等（不超过1000字）",
    ),
    ("企业管理模式和制度创新", "二、企业管理模式和制度创新（不超过1000字）"),
    (
        "就业服务的案例",
        "三、就业服务的案例（为就业群体素质提升、职业技能提高等方面提供就业指导、岗位精准推送、"
        "就业进展跟踪、重点群体定向帮扶等服务的案例）",
    ),
    (
        "就业服务的贡献",
        "四、就业服务的贡献（支撑区域经济社会高质量发展，助力稳就业保就业工作的贡献）",
    ),
    ("示范推广宣传", "五、示范推广宣传（典型项目、典型经验和典型案例的宣传，不超过1000字）"),
)


def _pair(fill: Filler, printed: str, label: str) -> list[tuple[CellSpec, int]]:
    return [(lab(printed, label), 1), (fill.value(label), 1)]


def _wide(fill: Filler, printed: str, label: str, hint: str | None) -> list[tuple[CellSpec, int]]:
    return [(lab(printed, label), 1), (fill.value(label, hint=hint), 3)]


def _personal(grid: Grid, fill: Filler) -> None:
    first = grid.n_rows
    grid.row(_pair(fill, "姓名", "姓名") + _pair(fill, "性别", "性别"), 1)
    grid.row(_pair(fill, "年龄", "年龄") + _pair(fill, "出生地\n（省-市）", "出生地"), 1)
    grid.row(_pair(fill, "联系方式", "联系方式") + _pair(fill, "电子邮箱", "电子邮箱"), 1)
    grid.row(_wide(fill, "通讯地址", "通讯地址", None), 1)
    grid.row(_wide(fill, "教育背景", "教育背景", "（高中及以上）"), 1)
    grid.row(_wide(fill, "个人履历", "个人履历", "（包括工作经历、项目经验、所获成就等）"), 1)
    grid.group("个人信息", first, grid.n_rows - 1)


def _venture(grid: Grid, fill: Filler) -> None:
    first = grid.n_rows
    grid.row(_wide(fill, "创业企业名称", "创业企业名称", None), 1)
    grid.row(_wide(fill, "担任职务", "担任职务", None), 1)
    grid.row(
        _pair(fill, "所在地区\n请根据企业纳税所在地区填写\n（X省X市）", "所在地区")
        + _pair(fill, "工商登记日期\n（年-月-日）", "工商登记日期"),
        1,
    )
    grid.row(
        [
            (lab("企业规模\n（总人数）\n请参照缴纳社会保险的人数填写", "企业规模"), 1),
            (fill.value("企业规模"), 3),
        ],
        1,
    )
    grid.row(_wide(fill, "所属行业/领域", "所属行业/领域", INDUSTRY_HINT), 1)
    grid.row(
        _wide(
            fill,
            "核心团队\n成员构成",
            "核心团队成员构成",
            "（人数、组织架构，成员背景，博士、硕士占比）",
        ),
        1,
    )
    grid.group("创业情况", first, grid.n_rows - 1)
    first = grid.n_rows
    for label, printed, hint in STORY:
        grid.row(_wide(fill, printed, label, hint), 1)
    list_block(
        grid,
        fill,
        "企业获得称号",
        "企业获得称号\n（近三年）",
        [("称号名称", "所获称号名称", 2), ("认定年度", "认定年度", 1)],
        3,
        first_col=1,
    )
    grid.group("创业情况", first, grid.n_rows - 1)


def _capability(grid: Grid, fill: Filler) -> None:
    first, _ = year_block(grid, fill, "近三年", CAPABILITY, 1)
    _, last = year_block(grid, fill, "未来三年", FUTURE, 1)
    grid.group("创新能力\n及\n发展潜力", first, last)


def _employment(grid: Grid, fill: Filler) -> None:
    first = grid.n_rows
    grid.row(_wide(fill, "服务覆盖群体", "服务覆盖群体", "（服务类型、覆盖区域、所属行业等）"), 1)
    grid.row(
        _wide(
            fill,
            "就业人员的构成",
            "就业人员的构成",
            "（促成的就业人员的学历结构、职称结构、行业结构等）",
        ),
        1,
    )
    grid.group("带动就业\n的效益", first, grid.n_rows - 1)
    first, last = year_block(grid, fill, "近三年", EMPLOYMENT[:4], 1)
    grid.group("带动就业\n的效益", first, last)
    first, last = year_block(grid, fill, "近三年", EMPLOYMENT[4:], 1)
    grid.group("带 动 就 业\n的效益", first, last)


def build(form: FormSpec, values: Values) -> list[DocBlock]:
    fill = Filler(form, values)
    grid = Grid([1.6, 3.6, 3.0, 3.0, 3.0])
    _personal(grid, fill)
    _venture(grid, fill)
    _capability(grid, fill)
    _employment(grid, fill)
    texts = Grid([3.0, 11.0])
    for label, heading in SECTIONS:
        section(texts, fill, label, heading, 2)
    texts.row([(static("其他典型经验、代表性案例以附件的形式提交（PDF或图片）"), 2)])
    opinion(texts, fill, "推荐单位意见", "推荐单位", 1)
    return [title(form.title), grid.build(), texts.build()]
