"""Forms typed by hand as an applicant would, in Word, without the sample generator.

Each is built here with python-docx the way a person fills the form: their own table
shape, units and words inside the values, a date to the month, 无 for none, lines broken
inside cells, a seal block at the end. What they wrote must be read, no error charged
for what is there, and nothing left unread but what they really left out.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

from extractor.api import extract
from schemas.record import FormRecord


def _table(document: object, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def _save(tmp_path: Path, name: str, title: str, *parts: list[list[str]] | str) -> FormRecord:
    document = Document()
    document.add_paragraph(title)
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
        else:
            _table(document, part)
    path = tmp_path / name
    document.save(str(path))
    return extract(path)


def _codes(record: FormRecord, field: str) -> set[str]:
    return {f.code.value for f in record.flags if f.field == field}


def test_an_entrepreneur_types_the_form_in_their_own_habits(tmp_path: Path) -> None:
    record = _save(
        tmp_path,
        "entrepreneur.docx",
        "2022年“科创中国”创业就业先锋榜申报表",
        [
            ["姓名", "王芳", "性别", "女"],
            ["年龄", "45岁", "出生地", "江苏-南京市"],
            ["联系方式", "１３８１２３４５６７８", "电子邮箱", "wangfang＠nju-\ntech.com"],
            ["通讯地址", "江苏省南京市鼓楼区\n中山路18号"],
            ["创业企业名称", "南京智芯科技有限公司", "担任职务", "董事长"],
            ["工商登记日期", "2016年5月", "企业规模", "32（缴纳社保人数）"],
        ],
        [
            ["指标", "2020", "2021", "2022年上半年"],
            ["税收贡献/万元", "1,234.5万元", "500元", "—"],
            ["研发经费投入\n强度/%", "12.5％", "百分之十二点五", "10"],
            ["拥有发\n明专利数量/项", "5项", "12个", "无"],
        ],
    )
    assert record.form == "创业就业先锋榜" and record.edition == 2022
    expected = {
        "姓名": "王芳",
        "年龄": 45,
        "联系方式": "13812345678",
        "电子邮箱": "wangfang@nju-tech.com",
        "通讯地址": "江苏省南京市鼓楼区中山路18号",
        "工商登记日期": "2016-05",
        "企业规模": 32,
        "税收贡献/2020": 1234.5,
        "税收贡献/2021": 0.05,
        "税收贡献/2022年1-6月": 0.0,
        "研发经费投入强度/2020": 12.5,
        "研发经费投入强度/2021": 12.5,
        "研发经费投入强度/2022年1-6月": 10.0,
        "拥有发明专利数量/2020": 5,
        "拥有发明专利数量/2021": 12,
        "拥有发明专利数量/2022年1-6月": 0,
    }
    assert {name: record.value(name) for name in expected} == expected
    assert _codes(record, "工商登记日期") == {"partial_date"}
    errors = {f.field for f in record.flags if f.severity.value == "error"}
    assert not errors & set(expected)
    assert record.unread_text == []


def test_a_company_writes_a_foreign_currency_and_none_marks(tmp_path: Path) -> None:
    record = _save(
        tmp_path,
        "rising.docx",
        "2022年“科创中国”新锐企业榜申报表",
        [
            ["申报企业名称", "苏州新材科技有限公司", "所在地区", "江苏省苏州市"],
            ["企业工商登记日期", "2015.03.08", "法定代表人", "陈立"],
            ["注册资本", "1000万美元", "从业人数", "252人"],
            ["联系人姓名", "刘晓东", "邮箱", "liuxiaodong@qq.\ncom"],
        ],
        [
            ["项目", "2020年度", "2021年度", "2022年度", "平均值"],
            ["专利申\n请量/项", "9", "25", "44", "26"],
            ["专利许可转让数量", "无", "/", "—", "0"],
        ],
    )
    assert record.value("从业人数") == 252
    assert record.value("邮箱") == "liuxiaodong@qq.com"
    assert record.value("企业工商登记日期") == "2015-03-08"
    assert [record.value(f"专利申请量/{y}") for y in ("2020", "2021", "2022", "平均值")] == [9, 25, 44, 26]
    assert [record.value(f"专利许可转让数量/{y}") for y in ("2020", "2021", "2022")] == [0, 0, 0]
    capital = [f for f in record.flags if f.field == "注册资本"]
    assert [f.code.value for f in capital] == ["unparsed"]
    assert "USD" in capital[0].message and "not a number" not in capital[0].message
    assert record.unread_text == []


def test_an_organisation_writes_label_lines_and_ends_with_its_seal(tmp_path: Path) -> None:
    record = _save(
        tmp_path,
        "org.docx",
        "2022年“科创中国”融通创新组织榜申报表",
        "组织机构名称：长三角先进制造研究院",
        "成立时间：2018年3月",
        "机构类别：☑产业技术研究院 □产业技术创新战略联盟 □专业技术转移机构 □其他新型研发机构",
        "从事产学研融通服务时间：6年",
        "从事产学研融通服务专职人员数量：48人",
        "组织机构简介",
        "研究院由地方政府与高校共建，聚焦智能制造与新材料，建有中试基地三处。",
        "机制模式创新情况",
        "实行理事会领导下的院长负责制，项目经理人全程跟踪成果转化。",
        "申报单位（盖章）：",
        "负责人签字：",
        "2022年  月  日",
    )
    assert record.value("组织机构名称") == "长三角先进制造研究院"
    assert record.value("成立时间") == "2018-03"
    assert record.value("机构类别") == "产业技术研究院"
    assert record.value("从事产学研融通服务时间") == 6.0
    assert record.value("从事产学研融通服务专职人员数量") == 48
    assert record.value("组织机构简介") == "研究院由地方政府与高校共建，聚焦智能制造与新材料，建有中试基地三处。"
    assert record.value("机制模式创新情况") == "实行理事会领导下的院长负责制，项目经理人全程跟踪成果转化。"
    assert record.unread_text == []


def test_text_no_field_takes_is_listed_with_where_it_stands(tmp_path: Path) -> None:
    record = _save(
        tmp_path,
        "extra.docx",
        "2022年“科创中国”新锐企业榜申报表",
        [
            ["申报企业名称", "杭州云帆数据有限公司"],
            ["公司愿景", "成为行业领先的数据服务商"],
        ],
        "附：营业执照复印件一份",
    )
    assert record.value("申报企业名称") == "杭州云帆数据有限公司"
    unread = {item.text: item.provenance for item in record.unread_text}
    assert set(unread) == {"公司愿景", "成为行业领先的数据服务商", "附：营业执照复印件一份"}
    assert (unread["公司愿景"].table, unread["公司愿景"].row, unread["公司愿景"].column) == (0, 1, 0)
    assert unread["附：营业执照复印件一份"].paragraph == 1
    assert record.flat()["unread_text"] == 3
    assert "unread_text" in _codes(record, "unread_text")
