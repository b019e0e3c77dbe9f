"""The pilot-city list file."""

from __future__ import annotations

from pathlib import Path

import pytest

from eligibility.pilot_cities import PilotCities, PilotCitiesError


def test_a_region_names_a_city_with_or_without_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("name,aliases\n深圳市,\n中关村科学城,海淀区；中关村\n", "utf-8")
    cities = PilotCities.load(path)
    assert cities.find("广东省深圳市南山区") is not None
    assert cities.find("深圳") is not None
    found = cities.find("北京市海淀区")
    assert found is not None and found.name == "中关村科学城"
    assert cities.find("四川省成都市") is None


def test_a_file_without_the_name_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("city\n深圳市\n", "utf-8")
    with pytest.raises(PilotCitiesError, match="试点城市名单须有表头name"):
        PilotCities.load(path)


def test_an_empty_name_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("name\n深圳市\n\n ,x\n", "utf-8")
    with pytest.raises(PilotCitiesError, match="第4行：name为空"):
        PilotCities.load(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PilotCitiesError, match="无法读取试点城市名单"):
        PilotCities.load(tmp_path / "none.csv")
