"""The registry in the database: import from CSV/XLSX, one transaction, lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from eligibility.registry import RegistryEntry
from service.db.models import RegistryEntryRow
from service.registry_store import CachedRegistry, RegistryImportError, import_registry


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(RegistryEntryRow)) or 0


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "registry.csv"
    path.write_bytes(text.encode(encoding))
    return path


GOOD = (
    "list,edition,name,unit\n"
    "新锐企业榜,2021,北京星河智能科技有限公司,\n"
    "“突破短板关键技术榜（装备制造领域）”,2021年,大型盾构机主轴承制造技术,某重工\n"
    "技术经理人先锋榜,2022,王芳,某大学技术转移中心\n"
)


def test_import_csv_then_look_up(db_engine: Engine, tmp_path: Path) -> None:
    summary = import_registry(db_engine, _csv(tmp_path, GOOD))
    assert (summary.added, summary.skipped) == (3, 0)
    registry = CachedRegistry(db_engine).current()
    assert registry.entries(["突破短板关键技术榜"], [2021]) == [
        RegistryEntry("突破短板关键技术榜", 2021, "大型盾构机主轴承制造技术", "某重工")
    ]
    assert registry.entries(["新锐企业榜"], [2022]) == []
    assert registry.editions_held(["新锐企业榜", "技术经理人先锋榜"]) == {2021, 2022}


def test_importing_again_adds_nothing(db_engine: Engine, tmp_path: Path) -> None:
    path = _csv(tmp_path, GOOD)
    import_registry(db_engine, path)
    again = import_registry(db_engine, path)
    assert (again.added, again.skipped) == (0, 3)
    assert _count(db_engine) == 3


def test_chinese_headers_and_gb18030(db_engine: Engine, tmp_path: Path) -> None:
    text = "榜单,年度,名称,单位\n新锐企业榜,2021,星河科技有限公司,\n"
    summary = import_registry(db_engine, _csv(tmp_path, text, "gb18030"))
    assert summary.by_list == {(2021, "新锐企业榜"): 1}


def test_import_xlsx(db_engine: Engine, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["list", "edition", "name"])
    sheet.append(["先导技术榜", 2022, "固态锂电池电解质制备技术"])
    sheet.append([None, None, None])
    sheet.append(["融通创新组织榜", 2022, "长三角先进材料研究院"])
    path = tmp_path / "registry.xlsx"
    workbook.save(path)
    assert import_registry(db_engine, path).added == 2
    assert CachedRegistry(db_engine).current().editions_held(["先导技术榜"]) == {2022}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("list,name\n新锐企业榜,甲\n", "missing column(s) edition"),
        ("list,edition,name\n新锐企业榜,2021,甲\n青年榜,2021,乙\n", "row 3: unknown list '青年榜'"),
        ("list,edition,name\n新锐企业榜,2021,甲\n新锐企业榜,二〇二一,乙\n", "row 3: bad edition"),
        ("list,edition,name\n新锐企业榜,2019,甲\n", "row 2: bad edition '2019'"),
        ("list,edition,name\n技术经理人先锋榜,2021,甲\n", "row 2: unknown list"),
        ("list,edition,name\n新锐企业榜,2021,\n新锐企业榜,2021,\n", "row 2: empty name (and 1"),
        ("list,edition,name\n", "no entries"),
    ],
)  # fmt: skip
def test_a_bad_file_stores_nothing(
    db_engine: Engine, tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(RegistryImportError) as caught:
        import_registry(db_engine, _csv(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _count(db_engine) == 0


def test_a_broken_xlsx_is_refused(db_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "registry.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(RegistryImportError, match=r"not a readable \.xlsx"):
        import_registry(db_engine, path)


def test_another_extension_is_refused(db_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "registry.txt"
    path.write_text(GOOD, "utf-8")
    with pytest.raises(RegistryImportError, match=r"expected a \.csv or \.xlsx"):
        import_registry(db_engine, path)
