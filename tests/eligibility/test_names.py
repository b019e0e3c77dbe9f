"""Applicant names: what counts as the same name, and what is only near."""

from __future__ import annotations

import pytest

from eligibility.names import match_names, normalise_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("北京星河智能科技有限公司", "北京星河智能科技股份有限公司"),
        ("ＡＢＣ科技有限公司", "abc科技有限公司"),
        ("星河科技（北京）有限公司", "星河科技(北京)有限责任公司"),
        ("星 河 科 技", "星河科技"),
        ("《星河》科技", "星河科技"),
    ],
)
def test_same_applicant_after_normalisation(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_different_companies_stay_different() -> None:
    assert normalise_name("北京星河科技有限公司") != normalise_name("上海星河科技有限公司")


def test_a_bare_suffix_is_not_emptied() -> None:
    assert normalise_name("有限公司") == "有限公司"


def test_near_matches_come_after_exact_ones_with_their_score() -> None:
    candidates = [
        ("云天励飞技术有限公司", "near"),
        ("深圳市云天励飞技术股份有限公司", "exact"),
        ("华为技术有限公司", "other"),
    ]
    found = match_names("深圳市云天励飞技术有限公司", candidates, near_threshold=0.6)
    assert [(m.item, m.exact) for m in found] == [("exact", True), ("near", False)]
    assert 0.6 <= found[1].score < 1


def test_exact_only_matching_ignores_near_names() -> None:
    found = match_names("王芳", [("王芳芳", 1), ("王 芳", 2)], near_threshold=None)
    assert [m.item for m in found] == [2]
