"""not_listed_before: the applicant against the registry of earlier lists."""

from __future__ import annotations

from typing import Any

from eligibility.checks.base import Context, Outcome, Result, is_missing, missing
from eligibility.models import NotListedBefore
from eligibility.names import NameMatch, match_names, normalise_name
from eligibility.registry import RegistryEntry


def _describe(match: NameMatch[RegistryEntry]) -> dict[str, Any]:
    entry = match.item
    return {
        "list": entry.list,
        "edition": entry.edition,
        "name": entry.name,
        "unit": entry.unit,
        "exact": match.exact,
        "score": match.score,
    }


def _lists_text(params: NotListedBefore) -> str:
    editions = "、".join(str(e) for e in params.editions)
    return f"{editions}年{'、'.join(params.lists)}"


def _same_unit(ctx: Context, params: NotListedBefore, entry: RegistryEntry) -> bool | None:
    """Whether the record's unit is the entry's; None when either is not known."""
    mine = ctx.value(params.unit_field) if params.unit_field else None
    if is_missing(mine) or not entry.unit:
        return None
    return normalise_name(str(mine)) == normalise_name(entry.unit)


def _judge_exact(
    params: NotListedBefore, ctx: Context, match: NameMatch[RegistryEntry]
) -> tuple[Result, str]:
    entry = match.item
    where = f"{entry.edition}年{entry.list}"
    if params.unit_field is None:
        return Result.FAIL, f"已入选{where}（名称：{entry.name}）"
    same = _same_unit(ctx, params, entry)
    if same:
        return Result.FAIL, f"已入选{where}（名称：{entry.name}，单位：{entry.unit}）"
    unit = entry.unit or "单位未记录"
    return Result.NEEDS_REVIEW, f"{where}有同名人选{entry.name}（{unit}），是否同一人需人工核实"


def not_listed_before(params: NotListedBefore, ctx: Context) -> Outcome:
    name = ctx.value(params.field)
    if is_missing(name):
        return missing(params.field)
    observed: dict[str, Any] = {params.field: name}
    if params.unit_field is not None:
        observed[params.unit_field] = ctx.value(params.unit_field)
    expected = f"未入选{_lists_text(params)}"
    entries = ctx.registry.entries(params.lists, params.editions)
    threshold = None if params.unit_field else params.near_threshold
    matches = match_names(str(name), ((e.name, e) for e in entries), near_threshold=threshold)
    if matches:
        observed["matches"] = [_describe(m) for m in matches]
        best = matches[0]
        if best.exact:
            result, message = _judge_exact(params, ctx, best)
        else:
            result = Result.NEEDS_REVIEW
            entry = best.item
            message = (
                f"与{entry.edition}年{entry.list}的“{entry.name}”相近"
                f"（词语重合度{best.score:.2f}），是否同一项需人工核实"
            )
        return Outcome(result, message, observed, expected)
    not_held = sorted(set(params.editions) - ctx.registry.editions_held(params.lists))
    if not_held:
        years = "、".join(str(e) for e in not_held)
        message = (
            f"往届榜单库中没有{years}年{'、'.join(params.lists)}的条目，无法核对；请先导入往届榜单"
        )
        return Outcome(Result.UNKNOWN, message, observed, expected)
    return Outcome(Result.PASS, f"未在{_lists_text(params)}中找到", observed, expected)
