"""Batch rules: quotas per recommending unit, and the same applicant submitted twice."""

from __future__ import annotations

from typing import Any

from eligibility.batch import Submission, duplicate_findings, quota_findings, run_batch


def _subs(count: int, prefix: str = "s", **fields: Any) -> list[Submission]:
    return [Submission(key=f"{prefix}{i}", **fields) for i in range(1, count + 1)]


def test_five_rising_companies_per_unit_is_the_limit() -> None:
    subs = _subs(5, list="新锐企业榜", edition=2022, units=("甲学会",))
    assert quota_findings(subs) == []


def test_the_sixth_is_reported_with_every_submission_of_the_unit() -> None:
    subs = _subs(7, list="新锐企业榜", edition=2022, units=("甲学会",))
    [finding] = quota_findings(subs)
    assert finding.unit == "甲学会"
    assert finding.allowed == 5
    assert finding.submissions == ("s1", "s2", "s3", "s4", "s5", "s6", "s7")
    assert finding.exceeding == ("s6", "s7")
    assert (
        finding.as_json()["message"] == "甲学会推荐2022年新锐企业榜7项，超过名额5项；超出：s6、s7"
    )


def test_leading_tech_quota_is_per_domain() -> None:
    subs = _subs(3, list="先导技术榜", edition=2022, domain="电子信息", units=("乙",), prefix="e")
    subs += _subs(3, list="先导技术榜", edition=2022, domain="生物医药", units=("乙",), prefix="b")
    assert quota_findings(subs) == []
    subs.append(Submission("e4", "先导技术榜", 2022, domain="电子信息", units=("乙",)))
    [finding] = quota_findings(subs)
    assert (finding.domain, finding.exceeding) == ("电子信息", ("e4",))
    assert "2022年先导技术榜电子信息领域4项，超过名额3项" in finding.message


def test_2021_leading_tech_allows_two_per_domain() -> None:
    subs = _subs(3, list="先导技术榜", edition=2021, domain="现代农林", units=("丙",))
    [finding] = quota_findings(subs)
    assert (finding.allowed, finding.exceeding) == (2, ("s3",))


def test_a_unit_in_several_channels_adds_its_quotas_up() -> None:
    first = _subs(3, list="融通创新组织榜", edition=2022, units=("丁",), channels=("全国学会",))
    second = [
        Submission("t1", "融通创新组织榜", 2022, units=("丁",), channels=("试点城市",)),
    ]
    assert quota_findings(first + second) == []
    extra = _subs(1, list="融通创新组织榜", edition=2022, units=("丁",), prefix="x")
    [finding] = quota_findings(first + second + extra)
    assert (finding.allowed, finding.exceeding) == (4, ("x1",))


def test_a_2022_pioneer_recommends_one_technology_manager_in_2023() -> None:
    subs = _subs(
        2,
        list="技术经理人先锋榜",
        edition=2023,
        units=("王芳",),
        channels=("2022年技术经理人先锋",),
    )
    [finding] = quota_findings(subs)
    assert (finding.allowed, finding.exceeding) == (1, ("s2",))


def test_a_submission_counts_for_each_unit_that_recommends_it() -> None:
    subs = _subs(3, list="融通创新组织榜", edition=2023, units=("甲", "乙"))
    findings = quota_findings(subs)
    assert [(f.unit, f.exceeding) for f in findings] == [("甲", ("s3",)), ("乙", ("s3",))]


def test_findings_come_in_submission_order() -> None:
    late = _subs(3, list="融通创新组织榜", edition=2022, units=("后",), prefix="a")
    early = _subs(6, list="新锐企业榜", edition=2022, units=("先",), prefix="b")
    # 后 exceeds at its 3rd submission (index 2), 先 at its 6th (index 8).
    assert [f.unit for f in quota_findings(late + early)] == ["后", "先"]
    # Interleaved: 先's 6th submission now comes before 后's 3rd.
    mixed = early + late
    assert [f.unit for f in quota_findings(mixed)] == ["先", "后"]


def test_lists_without_a_quota_are_not_counted() -> None:
    subs = _subs(9, list="青年创业榜", edition=2021, units=("甲",))
    assert quota_findings(subs) == []


def test_the_same_applicant_twice_is_reported_with_every_submission() -> None:
    subs = [
        Submission("a.docx", "新锐企业榜", 2022, applicant="星河科技有限公司", units=("甲",)),
        Submission("b.docx", "新锐企业榜", 2022, applicant="另一公司", units=("甲",)),
        Submission("c.docx", "新锐企业榜", 2022, applicant="星河科技股份有限公司", units=("乙",)),
        Submission("d.docx", "新锐企业榜", 2022, applicant="星河科技（深圳）有限公司"),
        Submission("e.docx", "新锐企业榜", 2023, applicant="星河科技有限公司"),
        Submission("f.docx", "融通创新组织榜", 2022, applicant="星河科技有限公司"),
    ]
    [finding] = duplicate_findings(subs)
    assert finding.submissions == ("a.docx", "c.docx", "d.docx")
    assert finding.units == ("甲", "乙")
    assert finding.as_json()["message"] == (
        "“星河科技有限公司”重复申报2022年新锐企业榜3次：a.docx、c.docx、d.docx"
    )


def test_one_unit_submitting_one_applicant_twice_is_a_duplicate() -> None:
    subs = _subs(2, list="先导技术榜", edition=2023, applicant="某技术", units=("甲",))
    assert [f.submissions for f in duplicate_findings(subs)] == [("s1", "s2")]


def test_submissions_without_a_unit_are_listed_as_unassigned() -> None:
    subs = [Submission("a", "新锐企业榜", 2022, units=("甲",)), Submission("b", "新锐企业榜", 2022)]
    assert run_batch(subs).unassigned == ("b",)
