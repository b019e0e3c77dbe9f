"""Rules over a set of submissions: recommendation quotas and duplicate applicants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eligibility.loader import rules_for
from eligibility.models import EditionRules, Quota
from eligibility.names import normalise_name
from schemas.record import FormRecord


@dataclass(frozen=True)
class Submission:
    """One application as the batch rules see it; ``key`` names it in findings."""

    key: str
    list: str
    edition: int
    applicant: str | None = None
    domain: str | None = None
    #: Recommending units; a submission recommended by several counts for each.
    units: tuple[str, ...] = ()
    #: Recommending channels the units are named for (全国学会, 试点城市, ...).
    channels: tuple[str, ...] = ()


def submission_from_record(
    record: FormRecord,
    key: str,
    units: tuple[str, ...] = (),
    channels: tuple[str, ...] = (),
) -> Submission:
    info = rules_for(record.edition).list_info(record.form)
    applicant = record.value(info.applicant_field) if info and info.applicant_field else None
    domain = record.value(info.domain_field) if info and info.domain_field else None
    return Submission(
        key=key,
        list=record.form,
        edition=record.edition,
        applicant=applicant if isinstance(applicant, str) and applicant else None,
        domain=domain if isinstance(domain, str) and domain else None,
        units=units,
        channels=channels,
    )


@dataclass(frozen=True)
class QuotaFinding:
    unit: str
    edition: int
    list: str
    domain: str | None
    allowed: int
    #: Every submission of the unit in this group, in submission order.
    submissions: tuple[str, ...]
    #: Those beyond the quota, in submission order.
    exceeding: tuple[str, ...]

    @property
    def message(self) -> str:
        """What a reviewer reads, e.g. 甲学会推荐2022年新锐企业榜7项，超过名额5项；超出：…"""
        domain = f"{self.domain}领域" if self.domain else ""
        return (
            f"{self.unit}推荐{self.edition}年{self.list}{domain}{len(self.submissions)}项，"
            f"超过名额{self.allowed}项；超出：{'、'.join(self.exceeding)}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "edition": self.edition,
            "list": self.list,
            "domain": self.domain,
            "allowed": self.allowed,
            "count": len(self.submissions),
            "submissions": list(self.submissions),
            "exceeding": list(self.exceeding),
            "message": self.message,
        }


@dataclass(frozen=True)
class DuplicateFinding:
    edition: int
    list: str
    applicant: str
    submissions: tuple[str, ...]
    units: tuple[str, ...]

    @property
    def message(self) -> str:
        """What a reviewer reads, e.g. “某技术”重复申报2023年先导技术榜2次：a.docx、b.docx"""
        return (
            f"“{self.applicant}”重复申报{self.edition}年{self.list}"
            f"{len(self.submissions)}次：{'、'.join(self.submissions)}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "list": self.list,
            "applicant": self.applicant,
            "submissions": list(self.submissions),
            "units": list(self.units),
            "message": self.message,
        }


def _quota_rule(rules: EditionRules, list_name: str) -> Quota | None:
    for quota in rules.quotas:
        if quota.list == list_name:
            return quota
    return None


def allowed_for(quota: Quota, channels: set[str]) -> int:
    """A unit's quota: the channels' quotas added up ("可叠加推荐名额"), one if none named."""
    if not channels:
        return quota.max
    own = {c.channel: c.max for c in quota.channels}
    return sum(own.get(channel, quota.max) for channel in channels)


GroupKey = tuple[int, str, str | None, str]


def quota_findings(submissions: Sequence[Submission]) -> list[QuotaFinding]:
    """Units that recommend more than their quota, ordered by the first excess submission."""
    groups: dict[GroupKey, list[int]] = defaultdict(list)
    channels: dict[tuple[int, str], set[str]] = defaultdict(set)
    rules: dict[tuple[int, str], Quota | None] = {}
    for index, sub in enumerate(submissions):
        rule_key = (sub.edition, sub.list)
        if rule_key not in rules:
            rules[rule_key] = _quota_rule(rules_for(sub.edition), sub.list)
        quota = rules[rule_key]
        if quota is None:
            continue
        domain = sub.domain if quota.per_domain else None
        for unit in sub.units:
            groups[(sub.edition, sub.list, domain, unit)].append(index)
            channels[(sub.edition, unit)].update(sub.channels)
    found: list[tuple[int, QuotaFinding]] = []
    for (edition, list_name, domain, unit), indexes in groups.items():
        quota = rules[(edition, list_name)]
        assert quota is not None  # groups only hold lists with a quota
        allowed = allowed_for(quota, channels[(edition, unit)])
        if len(indexes) <= allowed:
            continue
        finding = QuotaFinding(
            unit=unit,
            edition=edition,
            list=list_name,
            domain=domain,
            allowed=allowed,
            submissions=tuple(submissions[i].key for i in indexes),
            exceeding=tuple(submissions[i].key for i in indexes[allowed:]),
        )
        found.append((indexes[allowed], finding))
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


def duplicate_findings(submissions: Sequence[Submission]) -> list[DuplicateFinding]:
    """Applicants submitted more than once to one list and edition, in submission order."""
    groups: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for index, sub in enumerate(submissions):
        if sub.applicant:
            groups[(sub.edition, sub.list, normalise_name(sub.applicant))].append(index)
    found: list[DuplicateFinding] = []
    for (edition, list_name, _), indexes in groups.items():
        if len(indexes) < 2:
            continue
        units = dict.fromkeys(unit for i in indexes for unit in submissions[i].units)
        found.append(
            DuplicateFinding(
                edition=edition,
                list=list_name,
                applicant=submissions[indexes[0]].applicant or "",
                submissions=tuple(submissions[i].key for i in indexes),
                units=tuple(units),
            )
        )
    return found


@dataclass(frozen=True)
class BatchReport:
    quotas: tuple[QuotaFinding, ...]
    duplicates: tuple[DuplicateFinding, ...]
    #: Submissions no recommending unit was named for: left out of the quota count.
    unassigned: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "quotas": [f.as_json() for f in self.quotas],
            "duplicates": [f.as_json() for f in self.duplicates],
            "unassigned": list(self.unassigned),
        }


def run_batch(submissions: Sequence[Submission]) -> BatchReport:
    return BatchReport(
        quotas=tuple(quota_findings(submissions)),
        duplicates=tuple(duplicate_findings(submissions)),
        unassigned=tuple(s.key for s in submissions if not s.units),
    )
