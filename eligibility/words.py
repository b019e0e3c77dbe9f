"""What a reviewer reads: the Chinese names of verdicts, results and kinds of check.

The English values stay the stable keys (in JSON, the database, filters); these names
are shown beside them.
"""

from __future__ import annotations

from eligibility.checks.base import Result
from eligibility.models import Kind
from eligibility.verdict import Verdict

__all__ = ["KIND_NAMES", "RESULT_NAMES", "VERDICT_NAMES"]

VERDICT_NAMES: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "符合条件",
    Verdict.INELIGIBLE: "不符合条件",
    Verdict.NEEDS_REVIEW: "需人工审核",
}

RESULT_NAMES: dict[Result, str] = {
    Result.PASS: "通过",
    Result.FAIL: "不通过",
    Result.UNKNOWN: "无法判断",
    Result.NEEDS_REVIEW: "需人工审核",
}

KIND_NAMES: dict[Kind, str] = {
    Kind.CHECKABLE: "可核验",
    Kind.JUDGEMENT: "专家判断",
}
