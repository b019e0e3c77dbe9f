"""Each injected defect raises exactly the flag recorded for it, and nothing else."""

from __future__ import annotations

from random import Random

import pytest

from samples import defects
from samples.values import Values, make_values
from schemas.catalogue import FormSpec, catalogue
from schemas.flags import Severity
from schemas.validate import validate

CASES = [
    (edition, form, code)
    for edition in (2022, 2023)
    for form in catalogue(edition).forms
    for code in defects.INJECTORS
]


def _errors(form: FormSpec, edition: int, values: Values) -> set[tuple[str, str]]:
    found = validate(form, edition, values)
    return {(flag.field, flag.code.value) for flag in found if flag.severity is Severity.ERROR}


@pytest.mark.parametrize(
    ("edition", "form", "code"), CASES, ids=[f"{e}-{f.key}-{c}" for e, f, c in CASES]
)
def test_defect_raises_its_own_flag_only(edition: int, form: FormSpec, code: str) -> None:
    for seed in range(6):
        values = make_values(form, edition, Random(seed))
        if code not in defects.applicable(form, edition, values):
            continue
        placed, flags = defects.place([code], form, edition, values, Random(seed))
        assert placed == [code]
        assert flags and all(flag.code == code for flag in flags)
        assert _errors(form, edition, values) == {(f.field, f.code) for f in flags}


def test_every_defect_has_a_form_to_go_in() -> None:
    found = set()
    for edition in (2022, 2023):
        for form in catalogue(edition).forms:
            found |= set(defects.applicable(form, edition, make_values(form, edition, Random(0))))
    assert found == set(defects.INJECTORS)


def test_missing_value_is_left_out_of_the_values() -> None:
    form = catalogue(2022).form("新锐企业榜")
    values = make_values(form, 2022, Random(3))
    _, [flag] = defects.place(["missing"], form, 2022, values, Random(3))
    assert flag.code == "missing" and flag.field not in values


def test_two_defects_take_different_fields() -> None:
    form = catalogue(2022).form("新锐企业榜")
    for seed in range(10):
        values = make_values(form, 2022, Random(seed))
        _, flags = defects.place(
            ["out_of_range", "average_mismatch"], form, 2022, values, Random(seed)
        )
        assert _errors(form, 2022, values) == {(f.field, f.code) for f in flags}
        assert len({f.field.split("/")[0] for f in flags}) == 2


def test_a_form_without_the_field_takes_no_such_defect() -> None:
    form = catalogue(2022).form("先导技术榜")
    values = make_values(form, 2022, Random(0))
    before = dict(values)
    assert defects.place(["ratio_mismatch"], form, 2022, values, Random(0)) == ([], [])
    assert values == before


def test_a_defect_left_without_a_target_is_left_out_not_raised() -> None:
    form = catalogue(2022).form("技术经理人先锋榜")
    values = make_values(form, 2022, Random(0))
    placed, flags = defects.place(["bad_email", "bad_email"], form, 2022, values, Random(0))
    assert placed == ["bad_email"]
    assert [(f.field, f.code) for f in flags] == [("邮箱", "bad_email")]
