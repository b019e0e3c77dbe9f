"""Rules files: every edition's file loads; a bad file is refused with a clear error."""

from __future__ import annotations

import typing
from importlib import resources

import pytest

from eligibility.checks import CHECKS
from eligibility.loader import RulesError, parse_rules, rule_editions, rules_for
from eligibility.models import Kind, Params
from schemas.editions import EDITIONS, UnknownEdition

MINIMAL = """
edition: 2022
sources:
  conditions: {title: 附件1}
lists:
- name: 新锐企业榜
conditions:
- id: age
  name: 成立年限
  lists: [新锐企业榜]
  kind: checkable
  title: age
  params: {check: registered_within, field: 企业工商登记日期, years: 10}
  reference: {source: conditions, section: 二、1, quote: 成立年限不超过10年}
"""


def test_minimal_rules_parse() -> None:
    rules = parse_rules(MINIMAL, "minimal.yaml")
    assert [c.id for c in rules.conditions] == ["age"]


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("  title: age\n", "  title: age\n  colour: red\n", "colour"),
        ("years: 10}", "years: 10, cutoff: 2020-13-01}", "cutoff"),
        (
            "  reference: {source: conditions, section: 二、1, quote: 成立年限不超过10年}\n",
            "",
            "reference",
        ),
        ("{source: conditions,", "{source: notice,", "unknown source 'notice'"),
        ("check: registered_within", "check: eval_python", "eval_python"),
        ("kind: checkable", "kind: judgement", "does not fit kind"),
        ("lists: [新锐企业榜]\n  kind", "lists: [青年榜]\n  kind", "unknown list '青年榜'"),
        ("edition: 2022", "edition: [2022", "not valid YAML"),
        ("  name: 成立年限\n", "", "conditions.0.name"),
        ("name: 成立年限", "name: age", "must be Chinese, not 'age'"),
    ],
    ids=["unknown field", "bad date", "missing reference", "unknown source", "unknown check",
         "judgement kind on a checkable check", "unknown list", "broken yaml",
         "condition without a name", "english name"],
)  # fmt: skip
def test_bad_rules_are_refused(old: str, new: str, complaint: str) -> None:
    text = MINIMAL.replace(old, new)
    assert text != MINIMAL
    with pytest.raises(RulesError) as caught:
        parse_rules(text, "bad.yaml")
    message = str(caught.value)
    assert message.startswith("bad.yaml: ")
    assert complaint in message
    assert "\n" not in message


def test_bad_cutoff_date_is_refused() -> None:
    text = MINIMAL.replace(
        "params: {check: registered_within, field: 企业工商登记日期, years: 10}",
        "params: {check: founded_before, field: 成立时间, before: 2020-02-30}",
    )
    with pytest.raises(RulesError, match="before"):
        parse_rules(text, "bad.yaml")


def test_not_listed_before_must_look_at_earlier_editions() -> None:
    text = MINIMAL.replace(
        "params: {check: registered_within, field: 企业工商登记日期, years: 10}",
        "params: {check: not_listed_before, field: 申报企业名称, lists: [新锐企业榜], "
        "editions: [2022]}",
    )
    with pytest.raises(RulesError, match="editions must be before 2022"):
        parse_rules(text, "bad.yaml")


def test_every_edition_with_data_has_rules() -> None:
    assert rule_editions() == tuple(sorted(EDITIONS))
    for edition in rule_editions():
        rules = rules_for(edition)
        assert rules.edition == edition
        assert {item.name for item in rules.lists} == set(EDITIONS[edition].lists)


def test_an_edition_without_rules_is_an_error_not_the_last_year() -> None:
    with pytest.raises(UnknownEdition, match="没有2024年的申报条件"):
        rules_for(2024)


def test_every_check_kind_has_one_evaluator() -> None:
    (union, _) = typing.get_args(Params)
    names = {typing.get_args(m.model_fields["check"].annotation)[0] for m in typing.get_args(union)}
    assert names == set(CHECKS)


def test_shipped_rules_name_their_kinds() -> None:
    rules = rules_for(2023)
    kinds = {c.id: c.kind for c in rules.conditions if "融通创新组织榜" in c.lists}
    assert kinds == {
        "org_type": Kind.CHECKABLE,
        "founded": Kind.CHECKABLE,
        "sector": Kind.JUDGEMENT,
        "serves_pilot": Kind.JUDGEMENT,
        "not_listed_before": Kind.CHECKABLE,
    }


def test_rules_files_ship_with_the_package() -> None:
    shipped = resources.files("eligibility").joinpath("rules")
    assert sorted(p.name for p in shipped.iterdir() if p.name.endswith(".yaml")) == [
        "2021.yaml",
        "2022.yaml",
        "2023.yaml",
    ]
