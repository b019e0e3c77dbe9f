"""The pilot cities (园区) of 科创中国, from a data file the user configures.

The notices name "65个试点城市（园区）" but do not list them, so the project ships no list:
without one, the pilot_city check is unknown, never a pass.

File format: UTF-8 CSV with a header; column ``name`` (e.g. 深圳市) and optional
``aliases`` (other spellings, separated by ``;`` or ``；``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from schemas.errors import ErrorKind, KczgError

_SPLIT = re.compile(r"[;；]")
_ADMIN_SUFFIX = re.compile(r"(市|区|县|园区|自治州)$")


class PilotCitiesError(KczgError, ValueError):
    """A pilot-city file that cannot be used."""

    kind = ErrorKind.INVALID


@dataclass(frozen=True)
class PilotCity:
    name: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        """Names to look for in a region text: each name with and without 市/区."""
        found: list[str] = []
        for spelling in (self.name, *self.aliases):
            found.append(spelling)
            short = _ADMIN_SUFFIX.sub("", spelling)
            if len(short) >= 2:
                found.append(short)
        return tuple(dict.fromkeys(found))


class PilotCities:
    def __init__(self, cities: tuple[PilotCity, ...], origin: str) -> None:
        self.cities = cities
        self.origin = origin

    def find(self, region: str) -> PilotCity | None:
        """The pilot city a region text (e.g. 广东省深圳市南山区) names, if any."""
        for city in self.cities:
            if any(spelling in region for spelling in city.spellings()):
                return city
        return None

    @classmethod
    def load(cls, path: Path) -> PilotCities:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                rows = [(reader.line_num, row) for row in reader]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise PilotCitiesError(f"{path}: cannot read the pilot-city list: {exc}") from None
        if not rows or "name" not in rows[0][1]:
            raise PilotCitiesError(f"{path}: the pilot-city list needs a header with `name`")
        cities: list[PilotCity] = []
        for number, row in rows:
            name = (row.get("name") or "").strip()
            if not name:
                raise PilotCitiesError(f"{path}: row {number}: empty name")
            aliases = tuple(a.strip() for a in _SPLIT.split(row.get("aliases") or "") if a.strip())
            cities.append(PilotCity(name, aliases))
        return cls(tuple(cities), str(path))
