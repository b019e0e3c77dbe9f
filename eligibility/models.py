"""Typed models of the rules files: every field known, every condition quoting its notice."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


class Kind(StrEnum):
    #: Decided from the form (and the registry of earlier lists): pass or fail.
    CHECKABLE = "checkable"
    #: Only a reviewer can decide; reported as needs_review, never guessed.
    JUDGEMENT = "judgement"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _chinese(text: str) -> str:
    if not _HAN.search(text):
        raise ValueError(f"a name a reviewer reads must be Chinese, not {text!r}")
    return text


#: What a reviewer calls a check or a note (e.g. 成立年限): Chinese, never empty.
ChineseName = Annotated[str, Field(min_length=2), AfterValidator(_chinese)]


class Reference(_Strict):
    #: A key of the rules file's ``sources``.
    source: str
    #: Where in the source, e.g. "二、1".
    section: str
    #: The sentence of the notice the condition comes from, verbatim.
    quote: str = Field(min_length=4)


class ChoiceIn(_Strict):
    check: Literal["choice_in"]
    field: str
    allowed: tuple[str, ...] = Field(min_length=1)


class IntRange(_Strict):
    check: Literal["int_range"]
    field: str
    min: int
    max: int


class NotOnly(_Strict):
    """A multi-choice field must tick something other than ``forbidden``."""

    check: Literal["not_only"]
    field: str
    forbidden: str


class RegisteredWithin(_Strict):
    """Registration year >= edition - years ("工商注册成立时间以2022年反推")."""

    check: Literal["registered_within"]
    field: str
    years: int = Field(gt=0)


class CutoffOverride(_Strict):
    when_field: str
    equals: str
    before: date


class FoundedBefore(_Strict):
    """The date is strictly before ``before`` (or an override's date for some types)."""

    check: Literal["founded_before"]
    field: str
    before: date
    overrides: tuple[CutoffOverride, ...] = ()


class Mainland(_Strict):
    check: Literal["mainland"]
    field: str
    excluded: tuple[str, ...] = Field(min_length=1)


class InPilotCity(_Strict):
    check: Literal["pilot_city"]
    field: str


class NotListedBefore(_Strict):
    check: Literal["not_listed_before"]
    #: Flat name of the applicant's name on the form.
    field: str
    #: Earlier lists that count, under every name they had.
    lists: tuple[str, ...] = Field(min_length=1)
    editions: tuple[int, ...] = Field(min_length=1)
    #: Flat name of the unit; when given, a same-name entry of another unit needs review
    #: (people share names) and no near match by words is tried.
    unit_field: str | None = None
    #: Word overlap (Jaccard of jieba tokens) from which a name is a near match.
    near_threshold: float = Field(default=0.6, gt=0, le=1)


class RowsPresent(_Strict):
    check: Literal["rows_present"]
    field: str


class Judgement(_Strict):
    """Nothing on the form decides it: the reviewer does."""

    check: Literal["judgement"]


class RequiredGiven(_Strict):
    """A judgement that needs one field filled in to be judged at all."""

    check: Literal["required_given"]
    field: str


class SizeWarning(_Strict):
    """A judgement (中小型科技企业) with a warning when the figures look large."""

    check: Literal["size_warning"]
    employees_field: str
    max_employees: int
    #: The year-table label; the cell is ``label/<edition>``, else ``label/<edition - 1>``.
    revenue_label: str
    max_revenue: float


class RoleWarning(_Strict):
    """A judgement (founder) with a warning when the role names no founding role."""

    check: Literal["role_warning"]
    field: str
    roles: tuple[str, ...] = Field(min_length=1)


Params = Annotated[
    ChoiceIn
    | IntRange
    | NotOnly
    | RegisteredWithin
    | FoundedBefore
    | Mainland
    | InPilotCity
    | NotListedBefore
    | RowsPresent
    | Judgement
    | RequiredGiven
    | SizeWarning
    | RoleWarning,
    Field(discriminator="check"),
]

#: Which evaluators may serve which kind: a judgement never passes or fails on its own.
JUDGEMENT_CHECKS = frozenset({"judgement", "required_given", "size_warning", "role_warning"})


class When(_Strict):
    """Restricts a condition to records whose field equals (or not) a value."""

    field: str
    equals: str | None = None
    not_equals: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> When:
        if (self.equals is None) == (self.not_equals is None):
            raise ValueError("a `when` needs exactly one of `equals` or `not_equals`")
        return self


class Condition(_Strict):
    #: The stable English key of the check (in JSON, tests, the README).
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: ChineseName
    lists: tuple[str, ...] = Field(min_length=1)
    kind: Kind
    title: str
    params: Params
    reference: Reference
    when: When | None = None

    @model_validator(mode="after")
    def _kind_matches_check(self) -> Condition:
        is_judgement_check = self.params.check in JUDGEMENT_CHECKS
        if is_judgement_check != (self.kind is Kind.JUDGEMENT):
            raise ValueError(
                f"condition {self.id}: check {self.params.check!r} does not fit kind {self.kind}"
            )
        return self


class Note(_Strict):
    """Not a condition (e.g. "在试点城市开发或应用的优先"): reported, never affects the verdict."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: ChineseName
    lists: tuple[str, ...] = Field(min_length=1)
    text: str
    reference: Reference


class ChannelQuota(_Strict):
    channel: str
    max: int = Field(ge=0)


class Quota(_Strict):
    list: str
    #: Submissions each recommending unit may make (per domain when ``per_domain``).
    max: int = Field(ge=0)
    per_domain: bool = False
    #: Channels whose members have their own quota, e.g. a 2022 pioneer recommends 1.
    channels: tuple[ChannelQuota, ...] = ()
    reference: Reference


class ListInfo(_Strict):
    name: str
    #: Flat name of what is nominated (technology, company, organisation, person).
    applicant_field: str | None = None
    #: Flat name of the nominee's unit, shown beside registry matches.
    unit_field: str | None = None
    domain_field: str | None = None
    domains: tuple[str, ...] = ()


class Source(_Strict):
    title: str


class EditionRules(_Strict):
    edition: int
    sources: dict[str, Source] = Field(min_length=1)
    lists: tuple[ListInfo, ...] = Field(min_length=1)
    conditions: tuple[Condition, ...] = ()
    notes: tuple[Note, ...] = ()
    quotas: tuple[Quota, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> EditionRules:
        names = {item.name for item in self.lists}
        references = [c.reference for c in self.conditions]
        references += [n.reference for n in self.notes] + [q.reference for q in self.quotas]
        for reference in references:
            if reference.source not in self.sources:
                raise ValueError(f"reference to unknown source {reference.source!r}")
        for condition in self.conditions:
            for name in condition.lists:
                if name not in names:
                    raise ValueError(f"condition {condition.id}: unknown list {name!r}")
            params = condition.params
            if isinstance(params, NotListedBefore) and max(params.editions) >= self.edition:
                message = f"condition {condition.id}: editions must be before {self.edition}"
                raise ValueError(message)
        for quota in self.quotas:
            if quota.list not in names:
                raise ValueError(f"quota for unknown list {quota.list!r}")
        return self

    def list_info(self, name: str) -> ListInfo | None:
        for item in self.lists:
            if item.name == name:
                return item
        return None

    def source_title(self, reference: Reference) -> str:
        return self.sources[reference.source].title
