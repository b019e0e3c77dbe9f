"""Validation flags over flat values: each check, its boundary, and clean records."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.catalogue import FormSpec, catalogue, form_editions, form_spec
from schemas.flags import Flag, FlagCode, Severity
from schemas.record import FlatValue, Scalar
from schemas.validate import validate

CleanValues = Callable[[str, int], dict[str, FlatValue]]

FORM_EDITIONS = [(f.key, e) for e in form_editions() for f in catalogue(e).forms]


def flags_for(
    clean_values: CleanValues, form: str, changes: dict[str, FlatValue], edition: int = 2022
) -> list[Flag]:
    values = clean_values(form, edition)
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return validate(form_spec(form, edition), edition, values)


def only(flags: list[Flag]) -> Flag:
    assert len(flags) == 1, [f.message for f in flags]
    return flags[0]


def test_nine_forms_across_editions() -> None:
    assert len(FORM_EDITIONS) == 9


@pytest.mark.parametrize(("form", "edition"), FORM_EDITIONS)
def test_clean_values_raise_no_flag(clean_values: CleanValues, form: str, edition: int) -> None:
    spec = form_spec(form, edition)
    assert validate(spec, edition, clean_values(form, edition)) == []


# --- missing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "name"),
    [
        ("新锐企业榜", "申报企业名称"),
        ("新锐企业榜", "研发经费总额/2021"),
        ("新锐企业榜", "研发经费总额/平均值"),
        ("创业就业先锋榜", "税收贡献/2022年1-6月"),
        ("新锐企业榜", "企业获得称号"),
        ("技术经理人先锋榜", "专业领域"),
        ("先导技术榜", "技术成熟度"),
    ],
)
def test_a_required_value_left_out_is_missing(
    clean_values: CleanValues, form: str, name: str
) -> None:
    flag = only(flags_for(clean_values, form, {name: None}))
    assert (flag.field, flag.code, flag.severity) == (name, FlagCode.MISSING, Severity.ERROR)
    assert name in flag.message


@pytest.mark.parametrize("empty", ["", "  ", []])
def test_an_empty_value_is_missing(clean_values: CleanValues, empty: FlatValue) -> None:
    name = "企业获得称号" if isinstance(empty, list) else "法定代表人"
    assert only(flags_for(clean_values, "新锐企业榜", {name: empty})).code is FlagCode.MISSING


@pytest.mark.parametrize(
    ("form", "name"),
    [
        ("先导技术榜", "申报单位意见"),
        ("先导技术榜", "推荐单位意见"),
        ("技术经理人先锋榜", "从事技术转移专业领域获得奖励情况"),
        ("技术经理人先锋榜", "参与“科创中国”科技经济融合与技术交易促进相关工作情况"),
    ],
)
def test_optional_fields_are_never_missing(clean_values: CleanValues, form: str, name: str) -> None:
    assert flags_for(clean_values, form, {name: None}) == []


def test_an_empty_list_table_is_missing_at_least_one_row(clean_values: CleanValues) -> None:
    flag = only(flags_for(clean_values, "技术经理人先锋榜", {"主要工作经历": []}))
    assert flag.code is FlagCode.MISSING and "至少" in flag.message


# --- out of range --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "name", "value", "flagged"),
    [
        ("先导技术榜", "技术成熟度", 0, True),
        ("先导技术榜", "技术成熟度", 1, False),
        ("先导技术榜", "技术成熟度", 9, False),
        ("先导技术榜", "技术成熟度", 10, True),
        ("融通创新组织榜", "高层次创新人才数量占比", 100.0, False),
        ("融通创新组织榜", "高层次创新人才数量占比", 100.5, True),
        ("融通创新组织榜", "高层次创新人才数量占比", -0.1, True),
        ("融通创新组织榜", "从事产学研融通服务专职人员数量", 0, False),
        ("融通创新组织榜", "从事产学研融通服务专职人员数量", -1, True),
        ("创业就业先锋榜", "年龄", -1, True),
        ("创业就业先锋榜", "研发人员占比/2021", 101.0, True),
    ],
)
def test_out_of_range(
    clean_values: CleanValues, form: str, name: str, value: float, flagged: bool
) -> None:
    flags = flags_for(clean_values, form, {name: value})
    if not flagged:
        assert flags == []
        return
    flag = only(flags)
    assert (flag.field, flag.code) == (name, FlagCode.OUT_OF_RANGE)
    assert f"{value:g}" in flag.message


@pytest.mark.parametrize(("value", "flagged"), [(-100.0, False), (-100.5, True), (250.0, False)])
def test_job_growth_may_shrink_to_minus_100(
    clean_values: CleanValues, value: float, flagged: bool
) -> None:
    # 2020 alone moves the mean, so the average is set to match.
    changes: dict[str, FlatValue] = {"就业贡献/2020": value, "就业贡献/平均值": (value + 20) / 3}
    flags = flags_for(clean_values, "新锐企业榜", changes)
    assert [f.code for f in flags] == ([FlagCode.OUT_OF_RANGE] if flagged else [])


# --- averages ------------------------------------------------------------------------------


def _rd_spend(y2020: float, y2021: float, y2022: float, average: float) -> dict[str, FlatValue]:
    return {
        "研发经费总额/2020": y2020,
        "研发经费总额/2021": y2021,
        "研发经费总额/2022": y2022,
        "研发经费总额/平均值": average,
        # Keep 研发经费投入强度 = 研发经费总额 / GDP贡献 * 100 in every year.
        "GDP贡献/2020": y2020 * 10,
        "GDP贡献/2021": y2021 * 10,
        "GDP贡献/2022": y2022 * 10,
        "GDP贡献/平均值": average * 10,
    }


def test_average_mismatch_names_written_and_computed_values(clean_values: CleanValues) -> None:
    flags = flags_for(clean_values, "新锐企业榜", _rd_spend(100, 110, 120, 120))
    mismatch = [f for f in flags if f.field == "研发经费总额/平均值"]
    flag = only(mismatch)
    assert flag.code is FlagCode.AVERAGE_MISMATCH and flag.severity is Severity.ERROR
    for shown in ("120", "110", "10", "2020", "2022"):
        assert shown in flag.message


@pytest.mark.parametrize(
    ("years", "average", "flagged"),
    [
        ((100, 110, 121), 110.33, False),
        ((100, 110, 121), 110.3, False),
        ((100, 110, 121), 110, False),
        ((100, 110, 121), 110.34, False),
        ((100, 110, 121), 110.35, True),
        ((100, 110, 121), 110.4, True),
        ((100, 110, 122), 110, True),
        ((1.001, 1.002, 1.003), 1.01, False),
        ((1.001, 1.002, 1.003), 1.013, True),
    ],
)
def test_average_tolerance_is_the_rounding_of_what_was_written(
    clean_values: CleanValues, years: tuple[float, float, float], average: float, flagged: bool
) -> None:
    changes: dict[str, FlatValue] = {
        "税收贡献/2020": years[0],
        "税收贡献/2021": years[1],
        "税收贡献/2022": years[2],
        "税收贡献/平均值": average,
    }
    flags = flags_for(clean_values, "新锐企业榜", changes)
    assert [f.code for f in flags] == ([FlagCode.AVERAGE_MISMATCH] if flagged else [])


@pytest.mark.parametrize(("average", "flagged"), [(11, False), (10.67, False), (12, True)])
def test_a_whole_number_average_may_be_the_rounded_mean(
    clean_values: CleanValues, average: float, flagged: bool
) -> None:
    changes: dict[str, FlatValue] = {"专利申请量/2022": 12, "专利申请量/平均值": average}
    flags = flags_for(clean_values, "新锐企业榜", changes)
    assert [f.code for f in flags] == ([FlagCode.AVERAGE_MISMATCH] if flagged else [])


def test_no_average_check_while_a_year_is_missing(clean_values: CleanValues) -> None:
    flags = flags_for(
        clean_values, "新锐企业榜", {"专利授权量/2021": None, "专利授权量/平均值": 99}
    )
    assert [f.code for f in flags] == [FlagCode.MISSING]


# --- ratios --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intensity", "flagged"),
    [(10.0, False), (10.1, False), (9.9, False), (10.11, True), (10.2, True), (9.8, True)],
)
def test_rd_intensity_of_a_rising_company(
    clean_values: CleanValues, intensity: float, flagged: bool
) -> None:
    flags = flags_for(
        clean_values,
        "新锐企业榜",
        {"研发经费投入强度/2021": intensity, "研发经费投入强度/平均值": (20 + intensity) / 3},
    )
    if not flagged:
        assert flags == []
        return
    flag = only(flags)
    assert (flag.field, flag.code, flag.severity) == (
        "研发经费投入强度/2021",
        FlagCode.RATIO_MISMATCH,
        Severity.ERROR,
    )
    assert str(intensity) in flag.message and "研发经费总额/2021" in flag.message


def test_a_ratio_written_as_a_whole_number_may_be_rounded(clean_values: CleanValues) -> None:
    changes: dict[str, FlatValue] = {"研发经费总额/2021": 104.0, "研发经费总额/平均值": 101.3333}
    assert flags_for(clean_values, "新锐企业榜", {**changes, "研发经费投入强度/2021": 10}) == []
    flags = flags_for(clean_values, "新锐企业榜", {**changes, "研发经费投入强度/2021": 10.0001})
    assert [f.code for f in flags] == [FlagCode.RATIO_MISMATCH]


def test_entrepreneur_rd_intensity_is_only_a_warning(clean_values: CleanValues) -> None:
    flag = only(flags_for(clean_values, "创业就业先锋榜", {"研发经费投入强度/2022年1-6月": 25.0}))
    assert (flag.field, flag.code, flag.severity) == (
        "研发经费投入强度/2022年1-6月",
        FlagCode.RATIO_MISMATCH,
        Severity.WARNING,
    )
    assert "企业总收入" in flag.message


def test_no_ratio_check_against_zero_income(clean_values: CleanValues) -> None:
    changes: dict[str, FlatValue] = {"企业总收入/2020": 0.0}
    assert flags_for(clean_values, "创业就业先锋榜", changes) == []


# --- subsets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "count", "flagged"),
    [
        ("孵化科技型企业数量/高新技术企业数", 10, False),
        ("孵化科技型企业数量/高新技术企业数", 11, True),
        ("孵化科技型企业数量/科技型中小企业数", 11, True),
        ("孵化科技型企业数量/科技型中小企业数", 0, False),
    ],
)
def test_subset_exceeds_total(
    clean_values: CleanValues, part: str, count: int, flagged: bool
) -> None:
    flags = flags_for(clean_values, "融通创新组织榜", {part: count})
    if not flagged:
        assert flags == []
        return
    flag = only(flags)
    assert (flag.field, flag.code) == (part, FlagCode.SUBSET_EXCEEDS_TOTAL)
    assert "11" in flag.message and "10" in flag.message


# --- text length ---------------------------------------------------------------------------


def _text(count: int) -> str:
    # Punctuation and spaces do not count.
    return "，".join("研" * count) + " 。"


@pytest.mark.parametrize(
    ("count", "code"),
    [(399, FlagCode.TOO_SHORT), (400, None), (600, None), (601, FlagCode.TOO_LONG)],
)
def test_text_length_limits(clean_values: CleanValues, count: int, code: FlagCode | None) -> None:
    flags = flags_for(clean_values, "先导技术榜", {"技术介绍": _text(count)})
    if code is None:
        assert flags == []
        return
    flag = only(flags)
    assert (flag.field, flag.code) == ("技术介绍", code)
    assert str(count) in flag.message
    assert ("400" if code is FlagCode.TOO_SHORT else "600") in flag.message


def test_a_longtext_without_limits_is_never_too_long(clean_values: CleanValues) -> None:
    assert flags_for(clean_values, "先导技术榜", {"经济效益": _text(5000)}) == []


# --- phones and e-mail ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 13812345678",
        "8613812345678",
        "010-68767227",
        "010-82000975-932",
        "(010)62219349",
        "（010）62219349",
        "0755-8888888",
        "0571 88888888",
        "010 - 68767227",
        "01068767227",
        "400-810-8888",
        "010-68767227/13812345678",
        "010-68767227、13812345678",
        "010-68767227，13812345678",
    ],
)
def test_good_phones(clean_values: CleanValues, phone: str) -> None:
    assert flags_for(clean_values, "新锐企业榜", {"电话": phone}) == []


@pytest.mark.parametrize(
    ("form", "label", "phone", "bad"),
    [
        ("新锐企业榜", "电话", "12812345678", "12812345678"),
        ("新锐企业榜", "电话", "1381234567", "1381234567"),
        ("新锐企业榜", "电话", "68767227", "68767227"),
        ("新锐企业榜", "电话", "010-6876", "010-6876"),
        ("新锐企业榜", "电话", "400-810-888", "400-810-888"),
        ("新锐企业榜", "电话", "13812345678/12345", "12345"),
        ("创业就业先锋榜", "联系方式", "张三", "张三"),
        ("技术经理人先锋榜", "联系方式", "1381234567x", "1381234567x"),
    ],
)
def test_bad_phones(clean_values: CleanValues, form: str, label: str, phone: str, bad: str) -> None:
    flag = only(flags_for(clean_values, form, {label: phone}))
    assert (flag.field, flag.code, flag.severity) == (label, FlagCode.BAD_PHONE, Severity.ERROR)
    assert f"“{bad}”" in flag.message


@pytest.mark.parametrize(
    ("email", "flagged"),
    [
        ("zhang.san@example.com.cn", False),
        ("a+b@mail.tsinghua.edu.cn", False),
        ("zhangsan@163.com", False),
        ("zhangsan@163", True),
        ("zhangsan.163.com", True),
        ("zhangsan＠163.com", True),
        ("zhang san@163.com", True),
    ],
)
def test_email(clean_values: CleanValues, email: str, flagged: bool) -> None:
    flags = flags_for(clean_values, "创业就业先锋榜", {"电子邮箱": email})
    assert [(f.field, f.code) for f in flags] == (
        [("电子邮箱", FlagCode.BAD_EMAIL)] if flagged else []
    )


# --- deadline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "when", "flagged"),
    [
        (2022, "2022-10-31", False),
        (2022, "2022-11-01", True),
        (2023, "2023-11-30", False),
        (2023, "2023-12-01", True),
    ],
)
def test_dates_after_the_deadline(
    clean_values: CleanValues, edition: int, when: str, flagged: bool
) -> None:
    flags = flags_for(clean_values, "rising_company", {"企业工商登记日期": when}, edition)
    if not flagged:
        assert flags == []
        return
    flag = only(flags)
    assert (flag.field, flag.code) == ("企业工商登记日期", FlagCode.AFTER_DEADLINE)
    assert when in flag.message


def test_dates_in_list_tables_after_the_deadline(clean_values: CleanValues) -> None:
    rows: list[dict[str, Scalar]] = [
        {"颁发日期": "2021-06-01", "颁发机构": "甲", "证书编号及名称": "一"},
        {"颁发日期": "2022-12-01", "颁发机构": "乙", "证书编号及名称": "二"},
    ]
    label = "所获得技术转移专业培训或资质证书情况"
    flag = only(flags_for(clean_values, "技术经理人先锋榜", {label: rows}))
    assert (flag.field, flag.code) == (label, FlagCode.AFTER_DEADLINE)
    assert "第 2 行" in flag.message and "2022-12-01" in flag.message


# --- robustness ----------------------------------------------------------------------------


def test_values_of_the_wrong_type_do_not_break_the_checks(clean_values: CleanValues) -> None:
    form: FormSpec = form_spec("新锐企业榜", 2022)
    values = clean_values("新锐企业榜", 2022)
    values.update({"研发经费总额/2021": "很多", "企业工商登记日期": "去年", "电话": 13812345678})
    assert validate(form, 2022, values) == []
