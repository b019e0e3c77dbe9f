"""Ticked boxes and named options."""

from __future__ import annotations

import pytest

from schemas.catalogue import FieldType, form_spec
from schemas.normalise import normalise, normalise_as

DOMAINS = form_spec("先导技术榜", 2022).field("所属领域").options
ORG_TYPES = form_spec("融通创新组织榜", 2022).field("机构类别").options
POSTS = form_spec("技术经理人先锋榜", 2022).field("岗位类型").options
EXPERTISE = form_spec("技术经理人先锋榜", 2022).field("专业领域").options


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("☑是 □否", True),
        ("□是 ☑否", False),
        ("☑ 是  □ 否", True),
        ("是☑ 否□", True),
        ("是□ 否☑", False),
        ("■是 □否", True),
        ("☒是 ☐否", True),
        ("✓是 □否", True),
        ("□是 ✔否", False),
        ("是√ 否", True),
        ("是 否√", False),
        ("是（√）否（ ）", True),
        ("是（ ）否（√）", False),
        ("是", True),
        ("否", False),
        ("是（2019年认定）", True),
    ],
)
def test_bool(raw: str, expected: bool) -> None:
    assert normalise_as(FieldType.BOOL, raw) == (expected, None, None)


def test_bool_with_no_box_ticked_is_no_value() -> None:
    assert normalise_as(FieldType.BOOL, "□是 □否") == (None, None, None)


def test_bool_with_both_ticked_is_a_problem() -> None:
    result = normalise_as(FieldType.BOOL, "☑是 ☑否")
    assert result.value is None
    assert result.problem is not None and "more than one option ticked: 是、否" in result.problem


@pytest.mark.parametrize(
    ("raw", "options", "expected"),
    [
        ("电子信息☑ 装备制造□ 先进材料□ 生物医药□ 绿色低碳□ 产业基础□", DOMAINS, "电子信息"),
        ("电子信息□ 装备制造□ 先进材料□ 生物医药□ 绿色低碳□ 产业基础☑", DOMAINS, "产业基础"),
        ("电子信息□\n装备制造■\n先进材料□", DOMAINS, "装备制造"),
        ("□电子信息 ☑装备制造 □先进材料", DOMAINS, "装备制造"),
        ("装备制造", DOMAINS, "装备制造"),
        (" 装 备 制 造 ", DOMAINS, "装备制造"),
        (
            "☑产业技术研究院 □产业技术创新战略联盟 □专业技术转移机构 □其他新型研发机构",
            ORG_TYPES,
            "产业技术研究院",
        ),
        (
            "□产业技术研究院 □产业技术创新战略联盟 □专业技术转移机构 ☑其他新型研发机构",
            ORG_TYPES,
            "其他新型研发机构",
        ),
        (
            "□产业技术研究院 ☑产业技术创新战略联盟 □专业技术转移机构 □其他新型研发机构",
            ORG_TYPES,
            "产业技术创新战略联盟",
        ),
        ("□政府部门 □科技型企业 ☑高等院校／科研院所 □其他", POSTS, "高等院校/科研院所"),
        ("高等院校 / 科研院所", POSTS, "高等院校/科研院所"),
        ("投资、科技金融等第三方服务机构", POSTS, "投资、科技金融等第三方服务机构"),
        ("☑其他：行业协会", POSTS, "其他"),
        ("□电子信息 □装备制造 □先进材料", DOMAINS, None),
    ],
)
def test_choice(raw: str, options: tuple[str, ...], expected: str | None) -> None:
    assert normalise_as(FieldType.CHOICE, raw, options=options) == (expected, None, None)


def test_choice_with_two_ticks_names_both() -> None:
    result = normalise_as(FieldType.CHOICE, "电子信息☑ 装备制造□ 先进材料☑", options=DOMAINS)
    assert result.value is None
    assert result.problem is not None
    assert "more than one option ticked: 电子信息、先进材料" in result.problem


@pytest.mark.parametrize("raw", ["化工", "☑化工 □冶金"])
def test_choice_outside_the_options_is_a_problem(raw: str) -> None:
    result = normalise_as(FieldType.CHOICE, raw, options=DOMAINS)
    assert result.value is None
    assert result.problem is not None and "化工" in result.problem


def test_choice_spec_uses_catalogue_options() -> None:
    spec = form_spec("先导技术榜", 2022).field("所属领域")
    assert normalise(spec, "□电子信息 ☑绿色低碳") == ("绿色低碳", None, None)


def test_2023_organisation_types() -> None:
    spec = form_spec("融通创新组织榜", 2023).field("机构类别")
    assert normalise(spec, "□新型研发机构 ☑创新联合体") == ("创新联合体", None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("☑新一代信息技术产业 □生物技术与生命科学 ☑现代农业", ["新一代信息技术产业", "现代农业"]),
        ("现代农业☑ 新材料及应用☑ 相关服务业□", ["新材料及应用", "现代农业"]),
        (
            "现代农业、新材料及应用；生物技术与生命科学",
            ["生物技术与生命科学", "新材料及应用", "现代农业"],
        ),
        ("现代农业,新材料及应用", ["新材料及应用", "现代农业"]),
        ("现代农业；新材料及应用", ["新材料及应用", "现代农业"]),
        ("新能源及应用 新材料及应用", ["新能源及应用", "新材料及应用"]),
        ("现代农业", ["现代农业"]),
        ("□现代农业 □相关服务业", None),
    ],
)
def test_multi_in_catalogue_order(raw: str, expected: list[str] | None) -> None:
    assert normalise_as(FieldType.MULTI, raw, options=EXPERTISE) == (expected, None, None)


def test_multi_names_text_that_is_no_option() -> None:
    result = normalise_as(FieldType.MULTI, "现代农业、火星探测", options=EXPERTISE)
    assert result.value is None
    assert result.problem is not None and "火星探测" in result.problem


@pytest.mark.parametrize(
    ("kind", "raw", "options", "expected"),
    [
        (FieldType.GRADE, "高", ("高", "较高", "一般"), "高"),
        (FieldType.GRADE, "较高", ("高", "较高", "一般"), "较高"),
        (FieldType.GRADE, " 一般 ", ("高", "较高", "一般"), "一般"),
        (FieldType.GRADE, "较高", (), "较高"),
        (FieldType.ENUM, "女", ("男", "女"), "女"),
        (FieldType.ENUM, "☑男 □女", ("男", "女"), "男"),
    ],
)
def test_enum_and_grade(kind: FieldType, raw: str, options: tuple[str, ...], expected: str) -> None:
    assert normalise_as(kind, raw, options=options) == (expected, None, None)


@pytest.mark.parametrize("raw", ["很高", "较高水平", "中"])
def test_grade_must_be_an_option_exactly(raw: str) -> None:
    result = normalise_as(FieldType.GRADE, raw, options=("高", "较高", "一般"))
    assert result.value is None and result.problem is not None
