"""The queue's filters, sort and page as a query string, both ways."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from service.errors import ServiceError
from service.usecases.review import REVIEW_NAMES, VERDICT_NAMES
from service.usecases.submissions import Filters, Sort

__all__ = ["PAGE_SIZE", "QueueQuery", "parse_query"]

PAGE_SIZE = 50
_VERDICTS = {k: v for k, v in VERDICT_NAMES.items() if k != "none"}
_KEYS = ("list", "edition", "verdict", "errors", "unit", "review", "q", "sort")


@dataclass(frozen=True)
class QueueQuery:
    """What a person chose on the queue page; kept as given so the form shows it again."""

    given: dict[str, str]
    filters: Filters
    sort: Sort
    page: int

    def link(self, **changes: str | int | None) -> str:
        """The query string of this choice with ``changes`` (None removes a key)."""
        values: dict[str, str] = dict(self.given)
        if self.page > 1:
            values["page"] = str(self.page)
        for key, value in changes.items():
            if value is None or value == "":
                values.pop(key, None)
            else:
                values[key] = str(value)
        return urlencode(values)

    @property
    def filter_link(self) -> str:
        """The filters alone, for links that keep the queue (export, next submission)."""
        return urlencode({k: v for k, v in self.given.items() if k != "sort" or v})


def _edition(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise ServiceError(f"届次须为年份，如 2022（edition: {text!r}）", field="edition")
    return int(text)


def _choice(text: str, known: Mapping[str, str], field: str) -> str | None:
    if not text:
        return None
    if text not in known:
        raise ServiceError(f"“{text}”不是可选的值（{field}）", field=field)
    return text


def parse_query(params: Mapping[str, str]) -> QueueQuery:
    """The filters of a queue page from its query string; a wrong value is a clear error."""
    given = {k: params[k].strip() for k in _KEYS if params.get(k, "").strip()}
    errors = given.get("errors", "")
    if errors not in ("", "yes", "no"):
        raise ServiceError("“有错误”须为 yes 或 no", field="errors")
    try:
        sort = Sort(given.get("sort") or Sort.PROBLEMS.value)
    except ValueError:
        raise ServiceError(f"无此排序方式：{given.get('sort')}", field="sort") from None
    page_text = params.get("page", "1").strip() or "1"
    if not page_text.isdigit() or int(page_text) < 1:
        raise ServiceError("页码须为正整数", field="page")
    filters = Filters(
        form=given.get("list"),
        edition=_edition(given.get("edition", "")),
        verdict=_choice(given.get("verdict", ""), _VERDICTS, "verdict"),
        has_errors=None if not errors else errors == "yes",
        unit=given.get("unit"),
        text=given.get("q"),
        review_status=_choice(given.get("review", ""), REVIEW_NAMES, "review"),
    )
    return QueueQuery(given=given, filters=filters, sort=sort, page=int(page_text))
