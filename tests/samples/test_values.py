"""Clean generated values keep the promises a validator checks."""

from __future__ import annotations

from datetime import date
from random import Random

import pytest

from samples.prose import count_chars
from samples.values import make_values
from schemas.catalogue import FieldType, FormSpec, catalogue
from schemas.editions import edition_info
from schemas.record import FlatValue
from schemas.validate import validate

FORMS = [(edition, form) for edition in (2022, 2023) for form in catalogue(edition).forms]
IDS = [f"{edition}-{form.key}" for edition, form in FORMS]
SEEDS = range(12)


def _num(value: FlatValue) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool)
    return float(value)


@pytest.mark.parametrize(("edition", "form"), FORMS, ids=IDS)
def test_clean_values_raise_no_flag(edition: int, form: FormSpec) -> None:
    for seed in SEEDS:
        values = make_values(form, edition, Random(seed))
        assert validate(form, edition, values) == []


@pytest.mark.parametrize(("edition", "form"), FORMS, ids=IDS)
def test_values_are_named_and_typed_as_the_catalogue_says(edition: int, form: FormSpec) -> None:
    values = make_values(form, edition, Random(1))
    for spec in form.fields:
        for name in spec.flat_names():
            if name not in values:
                assert not spec.required, f"{name} is required but missing"
                continue
            value = values[name]
            if spec.is_list_table:
                assert isinstance(value, list) and value
                subs = {sub.label for sub in spec.rows}
                assert all(isinstance(row, dict) and set(row) == subs for row in value)
            elif spec.cell_type is FieldType.MULTI:
                assert isinstance(value, list) and value
                assert value == [o for o in spec.options if o in value]
            elif spec.cell_type in (FieldType.CHOICE, FieldType.ENUM, FieldType.GRADE):
                assert value in spec.options
            elif spec.cell_type is FieldType.DATE:
                assert isinstance(value, str)
                assert date.fromisoformat(value) <= edition_info(edition).deadline
            elif spec.cell_type is FieldType.BOOL:
                assert isinstance(value, bool)
            elif spec.cell_type is FieldType.INT:
                assert isinstance(value, int) and not isinstance(value, bool)


@pytest.mark.parametrize(("edition", "form"), FORMS, ids=IDS)
def test_long_texts_respect_their_limits(edition: int, form: FormSpec) -> None:
    for seed in SEEDS:
        values = make_values(form, edition, Random(seed))
        for spec in form.fields:
            text = values.get(spec.label)
            if spec.cell_type is not FieldType.LONGTEXT or not isinstance(text, str):
                continue
            assert count_chars(text) <= (spec.max_chars or 10**6), spec.label
            assert count_chars(text) >= (spec.min_chars or 1), spec.label


def test_year_averages_are_the_mean_of_the_years() -> None:
    form = catalogue(2022).form("新锐企业榜")
    for seed in SEEDS:
        values = make_values(form, 2022, Random(seed))
        for spec in form.fields:
            if "平均值" not in spec.columns or spec.cell_type is FieldType.GRADE:
                continue
            years = [_num(values[f"{spec.label}/{c}"]) for c in spec.columns[:3]]
            average = _num(values[f"{spec.label}/平均值"])
            assert average == pytest.approx(sum(years) / 3, abs=0.005), spec.label
            if spec.cell_type is FieldType.INT:
                assert isinstance(values[f"{spec.label}/平均值"], int)


@pytest.mark.parametrize(
    ("list_name", "spend", "income", "columns"),
    [
        ("新锐企业榜", "研发经费总额", "GDP贡献", ("2020", "2021", "2022")),
        ("创业就业先锋榜", "研发费用总额", "企业总收入", ("2020", "2021", "2022年1-6月")),
    ],
)
def test_research_intensity_is_spend_over_income(
    list_name: str, spend: str, income: str, columns: tuple[str, ...]
) -> None:
    form = catalogue(2022).form(list_name)
    for seed in SEEDS:
        values = make_values(form, 2022, Random(seed))
        for column in columns:
            ratio = _num(values[f"{spend}/{column}"]) / _num(values[f"{income}/{column}"]) * 100
            assert _num(values[f"研发经费投入强度/{column}"]) == pytest.approx(ratio, abs=0.005)


def test_subsets_stay_within_their_totals() -> None:
    form = catalogue(2023).form("融通创新组织榜")
    for seed in SEEDS:
        values = make_values(form, 2023, Random(seed))
        total = _num(values["孵化科技型企业数量/总数"])
        high_tech = _num(values["孵化科技型企业数量/高新技术企业数"])
        sme = _num(values["孵化科技型企业数量/科技型中小企业数"])
        assert high_tech + sme <= total
        assert values["机构类别"] in (
            "新型研发机构",
            "专业技术转移机构",
            "创业孵化载体",
            "创新联合体",
        )


def test_same_seed_same_values() -> None:
    form = catalogue(2022).form("技术经理人先锋榜")
    assert make_values(form, 2022, Random(9)) == make_values(form, 2022, Random(9))
    assert make_values(form, 2022, Random(9)) != make_values(form, 2022, Random(10))
