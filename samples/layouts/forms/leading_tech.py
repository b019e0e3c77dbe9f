"""先导技术榜单申报表."""

from __future__ import annotations

from samples.layouts.forms.common import lab, title
from samples.layouts.grid import Filler, Grid, Values, opinion, section, vertical
from samples.model import DocBlock
from schemas.catalogue import FormSpec

TRL = "技术成熟度\n（可参照“技术就绪水平量值” GB/T 2290-2009测算；填写TRL1-TRL9之间的值）"
SECTIONS = (
    ("技术介绍", "一、技术介绍（400-600字）"),
    ("技术应用场景介绍", "二、技术应用场景介绍（400-600字）"),
    (
        "技术知识产权情况",
        "三、技术知识产权情况（仅限具有发明专利的技术、工艺、材料、产品或生物品种，"
        "或技术成果关键功能相关论文的发表情况）",
    ),
    ("技术获奖情况", "四、技术获奖情况（包括国家奖、省部级奖、全国学会奖、行业奖及获奖时间）"),
    (
        "经济效益",
        "五、经济效益（指技术形成产品预期达到的所在行业市场占有率及经济收入或成本降低额）",
    ),
    (
        "社会效益",
        "六、社会效益（指对行业或社会发展所起的作用，如解决行业关键技术的“卡脖子”问题、"
        "解决国家重大需求、提高人民生活质量和健康水平等方面）",
    ),
)


def build(form: FormSpec, values: Values) -> list[DocBlock]:
    fill = Filler(form, values)
    basic = Grid([1.1, 3.6, 4.0, 1.4, 4.0])
    first = basic.n_rows
    basic.row([(lab("技术名称", "技术名称"), 1), (fill.value("技术名称"), 3)], 1)
    basic.row(
        [
            (lab("所属单位\n（团队）名称", "所属单位（团队）名称"), 1),
            (fill.value("所属单位（团队）名称"), 3),
        ],
        1,
    )
    domains = fill.spec("所属领域").options
    basic.row(
        [
            (lab("所属领域", "所属领域"), 1),
            (fill.boxes("所属领域", [domains[0:2], domains[2:4], domains[4:6]], after=True), 3),
        ],
        1,
    )
    basic.row(
        [
            (
                lab(
                    "重点服务行业及应用领域\n（参照GB/T4754-2017规定的中类和小类填写）",
                    "重点服务行业及应用领域",
                ),
                1,
            ),
            (fill.value("重点服务行业及应用领域"), 3),
        ],
        1,
    )
    basic.row([(lab(TRL, "技术成熟度"), 1), (fill.value("技术成熟度"), 3)], 1)
    forms = fill.spec("技术成果转化形式").options
    basic.row(
        [
            (lab("技术成果转化形式（可多选）", "技术成果转化形式"), 1),
            (fill.boxes("技术成果转化形式", [forms[0:2], forms[2:5]], after=True), 3),
        ],
        1,
    )
    basic.group(vertical("技术基本情况"), first, basic.n_rows - 1)
    first = basic.n_rows
    basic.row(
        [
            (lab("联系人", "联系人"), 1),
            (fill.value("联系人"), 1),
            (lab("电话", "电话"), 1),
            (fill.value("电话"), 1),
        ],
        1,
    )
    basic.row([(lab("地址", "地址"), 1), (fill.value("地址"), 3)], 1)
    basic.row([(lab("邮箱", "邮箱"), 1), (fill.value("邮箱"), 3)], 1)
    basic.row(
        [(lab("技术团队简介\n（200字）", "技术团队简介"), 1), (fill.value("技术团队简介"), 3)], 1
    )
    basic.group(vertical("技术团队基本情况"), first, basic.n_rows - 1)

    texts = Grid([3.0, 11.0])
    for label, heading in SECTIONS:
        section(texts, fill, label, heading, 2)
    opinion(texts, fill, "申报单位意见", "申报单位", 1)
    opinion(texts, fill, "推荐单位意见", "推荐单位", 1)
    return [title(form.title), basic.build(), texts.build()]
