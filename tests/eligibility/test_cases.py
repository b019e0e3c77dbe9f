"""Rule cases as data (cases/*.yaml): a record, its edition, the verdict and failed checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from eligibility.evaluate import evaluate
from eligibility.pilot_cities import PilotCities, PilotCity
from eligibility.registry import InMemoryRegistry, RegistryEntry
from tests.conftest import MakeRecord

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        suite = yaml.safe_load(path.read_text("utf-8"))
        for case in suite["cases"]:
            params.append(pytest.param(suite, case, id=f"{path.stem}: {case['name']}"))
    return params


def _values(suite: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    values = dict(suite["base"])
    for name, value in case.get("values", {}).items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return values


def _registry(entries: list[dict[str, Any]] | None) -> InMemoryRegistry:
    return InMemoryRegistry(RegistryEntry(**entry) for entry in entries or [])


def _pilot_cities(names: list[str] | None) -> PilotCities | None:
    if names is None:
        return None
    return PilotCities(tuple(PilotCity(name) for name in names), "test list")


@pytest.mark.parametrize(("suite", "case"), _load())
def test_rule_case(suite: dict[str, Any], case: dict[str, Any], form_record: MakeRecord) -> None:
    record = form_record(suite["form"], suite["edition"], _values(suite, case))
    registry = _registry(case["registry"] if "registry" in case else suite.get("registry"))
    cities = case["pilot_cities"] if "pilot_cities" in case else suite.get("pilot_cities")
    evaluation = evaluate(record, suite["edition"], registry, _pilot_cities(cities))

    results = {check.id: check.result.value for check in evaluation.checks}
    assert evaluation.failed() == case["failed"]
    if "verdict" in case:
        assert evaluation.verdict.value == case["verdict"]
    for check_id, expected in case.get("results", {}).items():
        assert results.get(check_id) == expected, check_id
    for check_id in case.get("absent", []):
        assert check_id not in results
    messages = {check.id: check.message for check in evaluation.checks}
    for check_id, text in case.get("message_contains", {}).items():
        assert text in messages[check_id]
    if "notes" in case:
        assert [note.id for note in evaluation.notes] == case["notes"]


def test_every_case_file_has_cases() -> None:
    counts = {
        p.stem: len(yaml.safe_load(p.read_text("utf-8"))["cases"]) for p in CASES.glob("*.yaml")
    }
    assert set(counts) >= {
        "leading-2022", "leading-2023", "rising-2022", "rising-2023", "org-2022", "org-2023",
        "entrepreneur-2022", "manager-2022", "manager-2023",
    }  # fmt: skip
    assert all(counts.values())
