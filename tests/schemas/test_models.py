"""Typed per-form models and their JSON Schema."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from schemas.catalogue import FieldType, catalogue, form_editions, form_spec
from schemas.models import form_model, json_schema, model_from_flat
from schemas.record import FlatValue

CleanValues = Callable[[str, int], dict[str, FlatValue]]
FORM_EDITIONS = [(f.key, e) for e in form_editions() for f in catalogue(e).forms]


def _property(schema: dict[str, Any], label: str) -> dict[str, Any]:
    return schema["properties"][label]  # type: ignore[no-any-return]


def _definition(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    refs = [branch["$ref"] for branch in prop.get("anyOf", []) if "$ref" in branch]
    refs += [branch["items"]["$ref"] for branch in prop.get("anyOf", []) if "items" in branch]
    return schema["$defs"][refs[0].rsplit("/", 1)[1]]  # type: ignore[no-any-return]


def _types(prop: dict[str, Any]) -> list[Any]:
    return [branch.get("type") for branch in prop["anyOf"]]


@pytest.mark.parametrize(
    ("form", "edition", "name"),
    [
        ("新锐企业榜", 2022, "RisingCompany2022"),
        ("先导技术榜", 2023, "LeadingTech2023"),
        ("tech_manager", 2022, "TechManager2022"),
    ],
)
def test_model_names(form: str, edition: int, name: str) -> None:
    assert form_model(form_spec(form, edition), edition).__name__ == name


def test_properties_are_the_catalogue_labels() -> None:
    form = form_spec("新锐企业榜", 2022)
    schema = json_schema(form, 2022)
    assert list(schema["properties"]) == [spec.label for spec in form.fields]
    assert schema["title"] == form.title
    assert schema.get("required", []) == []


def test_scalar_types() -> None:
    schema = json_schema(form_spec("新锐企业榜", 2022), 2022)
    assert _types(_property(schema, "申报企业名称")) == ["string", "null"]
    assert _types(_property(schema, "从业人数")) == ["integer", "null"]
    assert _property(schema, "从业人数")["anyOf"][0]["minimum"] == 0
    assert _types(_property(schema, "注册资本")) == ["number", "null"]
    assert _property(schema, "注册资本")["unit"] == "万元"
    assert _types(_property(schema, "是否高新技术企业")) == ["boolean", "null"]
    assert _property(schema, "企业工商登记日期")["anyOf"][0]["format"] == "date"


def test_year_tables_have_one_property_per_column() -> None:
    schema = json_schema(form_spec("新锐企业榜", 2022), 2022)
    table = _definition(schema, _property(schema, "研发经费投入强度"))
    assert list(table["properties"]) == ["2020", "2021", "2022", "平均值"]
    assert table["properties"]["2021"]["anyOf"][0]["maximum"] == 100
    grades = _definition(schema, _property(schema, "关键核心技术应用程度评估"))
    assert grades["properties"]["2024"]["anyOf"][0]["enum"] == ["高", "较高", "一般"]


def test_year_columns_follow_the_edition() -> None:
    schema = json_schema(form_spec("新锐企业榜", 2023), 2023)
    table = _definition(schema, _property(schema, "研发经费总额"))
    assert list(table["properties"]) == ["2021", "2022", "2023", "平均值"]


def test_list_tables_are_lists_of_rows_keyed_by_sub_labels() -> None:
    schema = json_schema(form_spec("技术经理人先锋榜", 2022), 2022)
    prop = _property(schema, "所获得技术转移专业培训或资质证书情况")
    assert prop["anyOf"][0]["type"] == "array"
    row = _definition(schema, prop)
    assert list(row["properties"]) == ["颁发日期", "颁发机构", "证书编号及名称"]


def test_choice_and_multi_allow_only_the_options() -> None:
    schema = json_schema(form_spec("技术经理人先锋榜", 2022), 2022)
    post = _property(schema, "岗位类型")["anyOf"][0]
    assert post["enum"] == list(form_spec("技术经理人先锋榜", 2022).field("岗位类型").options)
    expertise = _property(schema, "专业领域")["anyOf"][0]
    assert expertise["type"] == "array" and "现代农业" in expertise["items"]["enum"]
    org_2023 = json_schema(form_spec("融通创新组织榜", 2023), 2023)
    assert "创新联合体" in _property(org_2023, "机构类别")["anyOf"][0]["enum"]


@pytest.mark.parametrize(("form", "edition"), FORM_EDITIONS)
def test_clean_values_fit_the_model(clean_values: CleanValues, form: str, edition: int) -> None:
    spec = form_spec(form, edition)
    document = model_from_flat(spec, edition, clean_values(form, edition))
    dumped = document.model_dump(by_alias=True)
    first_date = next((f.label for f in spec.fields if f.type is FieldType.DATE), None)
    if first_date is not None:
        assert isinstance(dumped[first_date], date)
    assert all(dumped[f.label] is not None for f in spec.fields)


@pytest.mark.parametrize(
    ("name", "value"),
    [("是否高新技术企业", "maybe"), ("从业人数", 12.5), ("研发经费投入强度/2021", 150.0)],
)
def test_the_model_rejects_wrong_values(
    clean_values: CleanValues, name: str, value: FlatValue
) -> None:
    values = {**clean_values("新锐企业榜", 2022), name: value}
    with pytest.raises(ValidationError):
        model_from_flat(form_spec("新锐企业榜", 2022), 2022, values)
