"""The registry of earlier lists, as the evaluator sees it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RegistryEntry:
    """One entry of an earlier list: what was listed, in which list and edition."""

    list: str
    edition: int
    name: str
    #: The unit the entry belongs to (a technology's owner, a person's employer), if known.
    unit: str | None = None


class Registry(Protocol):
    def entries(self, lists: Sequence[str], editions: Sequence[int]) -> Sequence[RegistryEntry]:
        """Every entry of these lists in these editions."""
        ...

    def editions_held(self, lists: Sequence[str]) -> set[int]:
        """Editions for which the registry holds entries of any of these lists."""
        ...


class InMemoryRegistry:
    """A registry held in memory: for tests, benchmarks and one-off runs."""

    def __init__(self, entries: Iterable[RegistryEntry] = ()) -> None:
        self._by_list: dict[tuple[str, int], list[RegistryEntry]] = {}
        for entry in entries:
            self._by_list.setdefault((entry.list, entry.edition), []).append(entry)

    def entries(self, lists: Sequence[str], editions: Sequence[int]) -> Sequence[RegistryEntry]:
        found: list[RegistryEntry] = []
        for name in lists:
            for edition in editions:
                found.extend(self._by_list.get((name, edition), ()))
        return found

    def editions_held(self, lists: Sequence[str]) -> set[int]:
        return {edition for name, edition in self._by_list if name in lists}
