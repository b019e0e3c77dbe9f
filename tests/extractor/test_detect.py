"""Which list and edition a document is, from its title, its year columns or its labels."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.detect import detect
from extractor.errors import UnknownFormError


@pytest.mark.parametrize(
    ("title", "form", "edition"),
    [
        ("2022年“科创中国”先导技术榜单\n申报表", "先导技术榜", 2022),
        ("2022年“科创中国”新锐企业榜申报表", "新锐企业榜", 2022),
        ('2023年"科创中国"融通创新组织榜申报表', "融通创新组织榜", 2023),
        ("2022 年 “科创中国” 创业就业先锋榜 申报表", "创业就业先锋榜", 2022),
        ("2023年“科创中国”技术经理人先锋榜申请表", "技术经理人先锋榜", 2023),
    ],
)
def test_title_names_list_and_edition(make_layout: Any, title: str, form: str, edition: int) -> None:
    found = detect(make_layout(title, [["姓名", "张三"]]))
    assert (found.form.list, found.edition, found.how) == (form, edition, "title")


def _rising_company_body() -> list[list[Any]]:
    return [
        ["申报企业名称", "甲公司", "所在地区", "北京市"],
        ["企业工商登记日期", "2019-03-05", "法定代表人", "张三"],
        ["是否高新技术企业", "☑是 □否", "是否属于上市公司", "□是 ☑否"],
        ["注册资本（万元）", "100", "从业人数", "20"],
        ["联系人姓名", "李四", "职务", "经理"],
        ["电话", "13812345678", "邮箱", "a@b.cn"],
        ["联系人通讯地址", "北京", "所属行业", "新一代信息技术"],
        ["主营业务", "软件", "主营业务或主导产品行业及代码", "软件业+65"],
        ["近三年", "2021年", "2022年", "2023年", "平均值"],
        ["专利申请量", "1", "2", "3", "2"],
        ["专利授权量", "1", "2", "3", "2"],
    ]


def test_without_title_labels_and_year_columns_tell(make_layout: Any) -> None:
    found = detect(make_layout(_rising_company_body()))
    assert (found.form.list, found.edition, found.how) == ("新锐企业榜", 2023, "labels")


def test_without_title_or_years_the_edition_is_asked_for(make_layout: Any) -> None:
    body = _rising_company_body()[:8]
    with pytest.raises(UnknownFormError, match=r"新锐企业榜.*pass --edition"):
        detect(make_layout(body))
    assert detect(make_layout(body), edition=2022).form.list == "新锐企业榜"


def test_an_edition_without_forms_is_an_error_not_the_nearest_year(make_layout: Any) -> None:
    with pytest.raises(UnknownFormError, match="2021 edition has no application forms"):
        detect(make_layout("2021年“科创中国”新锐企业榜申报表", [["申报企业名称", "甲"]]))


def test_a_document_that_is_no_form_says_what_it_looks_like(make_layout: Any) -> None:
    layout = make_layout("高新技术企业认定申请书", [["企业名称", "甲公司"], ["注册类型", "有限责任"]])
    with pytest.raises(UnknownFormError) as caught:
        detect(layout)
    message = str(caught.value)
    assert "not a known 科创中国 application form" in message
    assert "高新技术企业认定申请书" in message


def test_form_can_be_given(make_layout: Any) -> None:
    found = detect(make_layout([["姓名", "张三"]]), form="tech_manager", edition=2023)
    assert (found.form.list, found.edition, found.how) == ("技术经理人先锋榜", 2023, "given")


def test_a_given_form_that_the_title_contradicts_is_read_with_a_warning(
    one_sample: Any,
) -> None:
    from extractor.api import extract

    record = extract(one_sample.files["docx"], form="先导技术榜")
    assert record.form == "先导技术榜"
    mismatch = [f for f in record.flags if f.code.value == "form_mismatch"]
    assert len(mismatch) == 1 and "新锐企业榜" in mismatch[0].message
    assert mismatch[0].severity.value == "warning"


def test_a_given_form_that_the_title_agrees_with_has_no_warning(one_sample: Any) -> None:
    from extractor.api import extract

    record = extract(one_sample.files["docx"], form="新锐企业榜")
    assert not [f for f in record.flags if f.code.value == "form_mismatch"]
