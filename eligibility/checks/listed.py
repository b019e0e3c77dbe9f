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
    editions = "/".join(str(e) for e in params.editions)
    return f"{editions} {'/'.join(params.lists)}"


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
    where = f"the {entry.edition} {entry.list}"
    if params.unit_field is None:
        return Result.FAIL, f"already on {where} as {entry.name}"
    same = _same_unit(ctx, params, entry)
    if same:
        return Result.FAIL, f"already on {where} as {entry.name} ({entry.unit})"
    unit = entry.unit or "unit not recorded"
    return Result.NEEDS_REVIEW, f"{where} lists a {entry.name} ({unit}): same person?"


def not_listed_before(params: NotListedBefore, ctx: Context) -> Outcome:
    name = ctx.value(params.field)
    if is_missing(name):
        return missing(params.field)
    observed: dict[str, Any] = {params.field: name}
    if params.unit_field is not None:
        observed[params.unit_field] = ctx.value(params.unit_field)
    expected = f"not on the {_lists_text(params)}"
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
                f"near match on the {entry.edition} {entry.list}: {entry.name}"
                f" (word overlap {best.score:.2f})"
            )
        return Outcome(result, message, observed, expected)
    not_held = sorted(set(params.editions) - ctx.registry.editions_held(params.lists))
    if not_held:
        years = ", ".join(str(e) for e in not_held)
        message = (
            f"the registry holds no {'/'.join(params.lists)} entries for {years};"
            " import them with `kczg registry import`"
        )
        return Outcome(Result.UNKNOWN, message, observed, expected)
    return Outcome(Result.PASS, f"not found on the {_lists_text(params)}", observed, expected)
