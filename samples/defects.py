"""Mistakes people make in forms, injected into clean values with the flag each must raise.

Each injector changes only what its flag is about and repairs what depends on it (a
changed year value gets its 平均值 recomputed), so that a defect raises exactly its
own flag. Injectors never touch a field another defect of the same form has taken.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from random import Random

from samples.prose import prose
from samples.truth import ExpectedFlag
from samples.values import AVERAGE, Values, mean_of
from schemas.catalogue import FieldSpec, FieldType, FormSpec
from schemas.editions import edition_info


class NoTarget(LookupError):
    """The form has no field this defect can be put in."""


Injector = Callable[[FormSpec, int, Values, Random, set[str]], list[ExpectedFlag]]

PHONE_FIELDS = ("电话", "联系方式")
EMAIL_FIELDS = ("邮箱", "电子邮箱")
#: Shares that cannot exceed 100 %, and the one-value TRL.
SHARE_FIELDS = ("研发团队素质", "高层次创新人才数量占比", "研发人员占比")
DATE_FIELDS = ("企业工商登记日期", "成立时间", "工商登记日期")
#: Rows whose 平均值 a ratio check might also read: never given a wrong average.
RATIO_ROWS = ("研发经费投入强度", "研发经费总额", "GDP贡献")
MISSABLE = (FieldType.TEXT, FieldType.DATE, FieldType.ENUM, FieldType.LONGTEXT)


def _pick(rng: Random, options: list[FieldSpec], taken: set[str]) -> FieldSpec:
    free = [spec for spec in options if spec.label not in taken]
    if not free:
        raise NoTarget
    spec = rng.choice(free)
    taken.add(spec.label)
    return spec


def _fields(form: FormSpec, values: Values, test: Callable[[FieldSpec], bool]) -> list[FieldSpec]:
    return [
        spec
        for spec in form.fields
        if test(spec) and all(name in values for name in spec.flat_names())
    ]


def _year_columns(spec: FieldSpec) -> list[str]:
    return [c for c in spec.columns if c != AVERAGE]


def _recompute_average(spec: FieldSpec, values: Values) -> None:
    if AVERAGE not in spec.columns:
        return
    years = [float(str(values[f"{spec.label}/{c}"])) for c in _year_columns(spec)]
    values[f"{spec.label}/{AVERAGE}"] = mean_of(years, spec.cell_type)


def missing(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    def test(spec: FieldSpec) -> bool:
        plain_text = spec.min_chars is None and spec.max_chars is None
        return (
            spec.required
            and not spec.columns
            and not spec.rows
            and spec.cell_type in MISSABLE
            and plain_text
            and spec.label not in DATE_FIELDS
        )

    spec = _pick(rng, _fields(form, values, test), taken)
    del values[spec.label]
    return [ExpectedFlag(spec.label, "missing")]


def out_of_range(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    options = _fields(form, values, lambda s: s.label in (*SHARE_FIELDS, "技术成熟度"))
    spec = _pick(rng, options, taken)
    if spec.label == "技术成熟度":
        values[spec.label] = rng.choice((0, 10, 11, 12))
        return [ExpectedFlag(spec.label, "out_of_range")]
    if not spec.columns:
        values[spec.label] = round(rng.uniform(101, 160), 1)
        return [ExpectedFlag(spec.label, "out_of_range")]
    column = rng.choice(_year_columns(spec))
    values[f"{spec.label}/{column}"] = round(rng.uniform(101, 130), 1)
    _recompute_average(spec, values)
    return [ExpectedFlag(f"{spec.label}/{column}", "out_of_range")]


def average_mismatch(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    def test(spec: FieldSpec) -> bool:
        numeric = spec.cell_type in (FieldType.INT, FieldType.NUMBER, FieldType.PERCENT)
        return AVERAGE in spec.columns and numeric and spec.label not in RATIO_ROWS

    spec = _pick(rng, _fields(form, values, test), taken)
    name = f"{spec.label}/{AVERAGE}"
    mean = float(str(values[name]))
    if spec.cell_type is FieldType.INT:
        values[name] = round(mean) + max(3, round(mean * 0.3))
    elif spec.cell_type is FieldType.PERCENT:
        values[name] = round(mean * 0.6, 2)
    else:
        values[name] = round(mean * 1.3 + 10, 2)
    return [ExpectedFlag(name, "average_mismatch")]


def ratio_mismatch(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    if form.key != "rising_company":
        raise NoTarget
    spec = _pick(rng, _fields(form, values, lambda s: s.label == "研发经费投入强度"), taken)
    taken.update(("研发经费总额", "GDP贡献"))
    column = rng.choice(_year_columns(spec))
    name = f"{spec.label}/{column}"
    values[name] = round(float(str(values[name])) * 1.5 + 2, 2)
    _recompute_average(spec, values)
    return [ExpectedFlag(name, "ratio_mismatch")]


def subset_exceeds_total(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    part = "孵化科技型企业数量/高新技术企业数"
    spec = _pick(rng, _fields(form, values, lambda s: s.label == part), taken)
    taken.add("孵化科技型企业数量/总数")
    values[spec.label] = int(str(values["孵化科技型企业数量/总数"])) + rng.randint(1, 12)
    return [ExpectedFlag(spec.label, "subset_exceeds_total")]


def _subject(values: Values) -> str:
    for name in ("技术名称", "申报企业名称", "组织机构名称", "创业企业名称", "工作单位"):
        if isinstance(values.get(name), str):
            return str(values[name])
    return "本单位"


def too_long(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    spec = _pick(rng, _fields(form, values, lambda s: s.max_chars is not None), taken)
    limit = spec.max_chars or 0
    values[spec.label] = prose(rng, limit + 15, limit + 90, subject=_subject(values), city="本市")
    return [ExpectedFlag(spec.label, "too_long")]


def too_short(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    spec = _pick(rng, _fields(form, values, lambda s: s.min_chars is not None), taken)
    limit = spec.min_chars or 0
    values[spec.label] = prose(rng, limit // 4, limit - 60, subject=_subject(values), city="本市")
    return [ExpectedFlag(spec.label, "too_short")]


def bad_phone(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    spec = _pick(rng, _fields(form, values, lambda s: s.label in PHONE_FIELDS), taken)
    digits = f"1{rng.choice('3456789')}{rng.randint(0, 10**9 - 1):09d}"
    values[spec.label] = rng.choice(
        (digits[:-1], digits + str(rng.randint(0, 9)), digits[:7] + "xxxx")
    )
    return [ExpectedFlag(spec.label, "bad_phone")]


def bad_email(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    spec = _pick(rng, _fields(form, values, lambda s: s.label in EMAIL_FIELDS), taken)
    user, _, domain = str(values[spec.label]).partition("@")
    values[spec.label] = rng.choice(
        (f"{user}.{domain}", f"{user}@{domain.rsplit('.', 1)[0]}", f"{user}@@{domain}")
    )
    return [ExpectedFlag(spec.label, "bad_email")]


def after_deadline(
    form: FormSpec, edition: int, values: Values, rng: Random, taken: set[str]
) -> list[ExpectedFlag]:
    spec = _pick(rng, _fields(form, values, lambda s: s.label in DATE_FIELDS), taken)
    deadline: date = edition_info(edition).deadline
    values[spec.label] = (deadline + timedelta(days=rng.randint(1, 200))).isoformat()
    return [ExpectedFlag(spec.label, "after_deadline")]


INJECTORS: dict[str, Injector] = {
    "missing": missing,
    "out_of_range": out_of_range,
    "average_mismatch": average_mismatch,
    "ratio_mismatch": ratio_mismatch,
    "subset_exceeds_total": subset_exceeds_total,
    "too_long": too_long,
    "too_short": too_short,
    "bad_phone": bad_phone,
    "bad_email": bad_email,
    "after_deadline": after_deadline,
}


def applicable(form: FormSpec, edition: int, values: Values) -> list[str]:
    """Defect codes that have a target in this form."""
    codes = []
    for code, injector in INJECTORS.items():
        try:
            injector(form, edition, dict(values), Random(0), set())
        except NoTarget:
            continue
        codes.append(code)
    return codes


def place(
    codes: list[str], form: FormSpec, edition: int, values: Values, rng: Random
) -> tuple[list[str], list[ExpectedFlag]]:
    """Put each defect in ``values`` (changed in place). A defect with no target left in
    this form (none there, or all taken by an earlier one) is left out. Returns the defects
    placed and the flags they must raise."""
    taken: set[str] = set()
    placed: list[str] = []
    flags: list[ExpectedFlag] = []
    for code in codes:
        try:
            flags.extend(INJECTORS[code](form, edition, values, rng, taken))
        except NoTarget:
            continue
        placed.append(code)
    return placed, flags
