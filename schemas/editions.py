"""Facts of each edition that reading and checking forms needs: lists and deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schemas.errors import ErrorKind, KczgError


class UnknownEdition(KczgError, ValueError):
    """An edition the project has no data for; never silently replaced by another year."""

    kind = ErrorKind.NOT_COVERED


@dataclass(frozen=True)
class EditionInfo:
    year: int
    lists: tuple[str, ...]
    #: Last day of online submission, from the notice.
    deadline: date
    has_forms: bool


EDITIONS: dict[int, EditionInfo] = {
    2021: EditionInfo(
        2021,
        (
            "先导技术榜",
            "新锐企业榜",
            "产学研融通组织榜",
            "开源创新榜",
            "科技创业投资机构榜",
            "青年创业榜",
            "突破短板关键技术榜",
        ),
        # The notice says both 10-30 24:00 and 10-31; the earlier date is the safe reading.
        date(2021, 10, 31),
        has_forms=False,
    ),
    2022: EditionInfo(
        2022,
        (
            "先导技术榜",
            "新锐企业榜",
            "融通创新组织榜",
            "创业就业先锋榜",
            "技术经理人先锋榜",
            "国际创新合作榜",
            "开源创新榜",
        ),
        date(2022, 10, 31),
        has_forms=True,
    ),
    2023: EditionInfo(
        2023,
        ("先导技术榜", "新锐企业榜", "融通创新组织榜", "技术经理人先锋榜"),
        date(2023, 11, 30),
        has_forms=True,
    ),
}


def edition_info(edition: int) -> EditionInfo:
    try:
        return EDITIONS[edition]
    except KeyError:
        known = ", ".join(str(e) for e in sorted(EDITIONS))
        raise UnknownEdition(f"unknown edition {edition}; known editions: {known}") from None
