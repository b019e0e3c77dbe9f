"""The registry of earlier lists in the database, and its import from CSV or XLSX."""

from __future__ import annotations

import csv
import re
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import Engine, ScalarSelect, select, tuple_
from sqlalchemy.orm import Session

from eligibility.names import normalise_name
from eligibility.registry import InMemoryRegistry, Registry, RegistryEntry
from schemas.editions import EDITIONS
from schemas.errors import ErrorKind, KczgError
from service.db import session_scope
from service.db.models import RegistryEntryRow, RegistryVersionRow

__all__ = [
    "CachedRegistry",
    "ImportSummary",
    "RegistryImportError",
    "import_registry",
    "read_registry_file",
    "store_entries",
    "version_column",
]


class RegistryImportError(KczgError, ValueError):
    """A registry file that cannot be imported; nothing of it is stored."""

    kind = ErrorKind.UNREADABLE


def version_column() -> ScalarSelect[int]:
    """The registry's version as a column, for a statement that reads other things too."""
    return select(RegistryVersionRow.version).where(RegistryVersionRow.id == 1).scalar_subquery()


class CachedRegistry:
    """The whole registry in memory, read again only when its version has changed.

    A worker checks thousands of forms against a registry that changes a few times a
    year; reading its entries for each form cost two queries per job. The version row
    (bumped by triggers on every change to the entries) is read with the job's claim,
    so an import is seen by the next job claimed after it commits. One per process,
    shared by its threads.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._held: tuple[int, InMemoryRegistry] | None = None

    def at(self, version: int | None) -> Registry:
        """The registry at ``version`` (as read with a claim), read again if it is not the
        one held; any other version, even an older one (a restored database), reloads."""
        held = self._held
        if version is None or held is None or held[0] != version:
            with self._lock:
                held = self._held
                if version is None or held is None or held[0] != version:
                    held = self._held = self._read()
        return held[1]

    def current(self) -> Registry:
        """The registry as it is now: one query for its version, the entries if changed."""
        with session_scope(self._engine) as session:
            version = session.scalar(select(version_column()))
        return self.at(version)

    def _read(self) -> tuple[int, InMemoryRegistry]:
        # The version first: entries read after it are at least that new, so a change
        # committed in between is read again next time rather than missed.
        with session_scope(self._engine) as session:
            version = session.scalar(select(version_column()))
            rows = session.execute(
                select(
                    RegistryEntryRow.list_name,
                    RegistryEntryRow.edition,
                    RegistryEntryRow.name,
                    RegistryEntryRow.unit,
                ).order_by(RegistryEntryRow.id)
            ).all()
        entries = InMemoryRegistry(RegistryEntry(*row) for row in rows)
        return (version if version is not None else -1), entries


#: Accepted header spellings of each column, after trimming and case folding.
HEADERS: dict[str, tuple[str, ...]] = {
    "list": ("list", "榜单", "榜单名称"),
    "edition": ("edition", "year", "年度", "年份", "届"),
    "name": ("name", "名称", "入选名称", "上榜名称"),
    "unit": ("unit", "单位", "所属单位", "工作单位"),
}
REQUIRED = ("list", "edition", "name")

_QUOTES = re.compile(r"[“”\"'「」]")
_BRACKETED_TAIL = re.compile(r"[（(][^）)]*[）)]$")
_EDITION = re.compile(r"^\s*(\d{4})\s*年?\s*$")

Cell = str | int | float | None


def _column_map(header: Sequence[Cell], origin: str) -> dict[str, int]:
    spelled = [str(cell).strip().casefold() if cell is not None else "" for cell in header]
    found: dict[str, int] = {}
    for column, spellings in HEADERS.items():
        for index, text in enumerate(spelled):
            if text in spellings:
                found[column] = index
                break
    absent = [c for c in REQUIRED if c not in found]
    if absent:
        raise RegistryImportError(
            f"{origin}: missing column(s) {', '.join(absent)} in the first row;"
            f" expected headers list, edition, name (and optionally unit)"
        )
    return found


def _edition(cell: Cell) -> int | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell)
    match = _EDITION.match(str(cell or ""))
    return int(match.group(1)) if match else None


def _list_name(cell: Cell, edition: int) -> str | None:
    """The edition's list the cell names; the bracketed scope (装备制造领域) and quotes may vary."""
    text = _QUOTES.sub("", str(cell or "")).strip().removeprefix("科创中国")
    for candidate in (text, _BRACKETED_TAIL.sub("", text)):
        if candidate in EDITIONS[edition].lists:
            return candidate
    return None


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()


def _entry(row: Sequence[Cell], columns: dict[str, int], number: int) -> RegistryEntry:
    def cell(column: str) -> Cell:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else None

    edition = _edition(cell("edition"))
    if edition is None or edition not in EDITIONS:
        known = ", ".join(str(e) for e in sorted(EDITIONS))
        raise ValueError(f"row {number}: bad edition {cell('edition')!r} (known: {known})")
    list_name = _list_name(cell("list"), edition)
    if list_name is None:
        known = "、".join(EDITIONS[edition].lists)
        raise ValueError(f"row {number}: unknown list {cell('list')!r} for {edition} ({known})")
    name = _text(cell("name"))
    if not name:
        raise ValueError(f"row {number}: empty name")
    return RegistryEntry(list_name, edition, name, _text(cell("unit")) or None)


def _csv_rows(path: Path) -> list[list[Cell]]:
    # Chinese spreadsheets often export CSV as GB18030 rather than UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as handle:
                return [list(row) for row in csv.reader(handle)]
        except UnicodeDecodeError:
            continue
        except (OSError, csv.Error) as exc:
            raise RegistryImportError(f"{path}: cannot read: {exc}") from None
    raise RegistryImportError(f"{path}: not text in UTF-8 or GB18030")


def _xlsx_rows(path: Path) -> list[list[Cell]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegistryImportError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _rows(path: Path) -> list[list[Cell]]:
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise RegistryImportError(f"{path}: expected a .csv or .xlsx file")


def _numbered(rows: list[list[Cell]]) -> Iterator[tuple[int, list[Cell]]]:
    """Data rows with their spreadsheet row number (the header is row 1), blanks left out."""
    for number, row in enumerate(rows[1:], start=2):
        if any(_text(cell) for cell in row):
            yield number, row


def read_registry_file(path: Path) -> list[RegistryEntry]:
    """Every entry of the file, or an error naming the first bad row (and how many more)."""
    rows = _rows(path)
    if not rows:
        raise RegistryImportError(f"{path}: the file is empty")
    columns = _column_map(rows[0], str(path))
    entries: list[RegistryEntry] = []
    errors: list[str] = []
    for number, row in _numbered(rows):
        try:
            entries.append(_entry(row, columns, number))
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        more = f" (and {len(errors) - 1} more bad rows)" if len(errors) > 1 else ""
        raise RegistryImportError(f"{path}: {errors[0]}{more}; nothing was imported")
    if not entries:
        raise RegistryImportError(f"{path}: no entries below the header")
    return entries


@dataclass(frozen=True)
class ImportSummary:
    added: int
    #: Entries the registry held already (or that the file repeats).
    skipped: int
    #: Entries of the file by (edition, list).
    by_list: dict[tuple[int, str], int]


def _key(entry: RegistryEntry) -> tuple[str, int, str, str]:
    unit = normalise_name(entry.unit) if entry.unit else ""
    return (entry.list, entry.edition, normalise_name(entry.name), unit)


def store_entries(engine: Engine, entries: Sequence[RegistryEntry], source: str) -> ImportSummary:
    """Adds the entries the registry does not hold yet, all in one transaction."""
    pairs = {(e.list, e.edition) for e in entries}
    key_columns = (
        RegistryEntryRow.list_name,
        RegistryEntryRow.edition,
        RegistryEntryRow.normalised_name,
        RegistryEntryRow.normalised_unit,
    )
    with Session(engine) as session, session.begin():
        held_query = select(*key_columns).where(
            tuple_(RegistryEntryRow.list_name, RegistryEntryRow.edition).in_(list(pairs))
        )
        held = {tuple(row) for row in session.execute(held_query)}
        added = 0
        for entry in entries:
            key = _key(entry)
            if key in held:
                continue
            held.add(key)
            session.add(
                RegistryEntryRow(
                    list_name=key[0],
                    edition=key[1],
                    name=entry.name,
                    normalised_name=key[2],
                    unit=entry.unit,
                    normalised_unit=key[3],
                    source=source,
                )
            )
            added += 1
    counts = Counter((e.edition, e.list) for e in entries)
    return ImportSummary(added=added, skipped=len(entries) - added, by_list=dict(counts))


def import_registry(engine: Engine, path: Path) -> ImportSummary:
    """Reads the whole file first, so a bad row stores nothing."""
    return store_entries(engine, read_registry_file(path), str(path))
