"""Which list and edition a layout is a form of, from its title and its labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.errors import UnknownFormError
from extractor.labels import LabelMatch, fold, label_index
from extractor.layout import Layout, Paragraph, Table
from schemas.catalogue import FormSpec, catalogue, form_editions
from schemas.editions import UnknownEdition
from schemas.normalise.columns import column_key

_TITLE = re.compile(r"(20\d\d)年?\W{0,3}科创中国\W{0,3}(\w{2,12}?榜)")
#: Share of a form's labels a layout must show to be taken for that form without a title.
MIN_LABEL_SHARE = 0.4


@dataclass(frozen=True)
class Detected:
    form: FormSpec
    edition: int
    #: How it was told: "title", "labels" or "given".
    how: str
    #: The list the title names when it is not the one given (``--form``).
    title_names: str | None = None


def _head_text(layout: Layout, blocks: int = 12) -> str:
    parts: list[str] = []
    for block in layout.blocks[:blocks]:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.extend(cell.text for cell in block.cells[:4])
    return fold("".join(parts))


def title_of(layout: Layout) -> tuple[int | None, str | None]:
    """Edition and list name from a title like 2022年“科创中国”新锐企业榜申报表.

    OCR may garble the quotes or read a stray box into the title, so the strict pattern is
    tried first, then a year and a known list name near the top."""
    head = _head_text(layout).replace("☑", "").replace("□", "")
    found = _TITLE.search(head)
    if found is not None:
        return int(found.group(1)), found.group(2)
    year = _YEAR.search(head[:60])
    names = [name for name in _list_names() if name in head]
    return (int(year.group(1)) if year else None), (names[0] if names else None)


_YEAR = re.compile(r"(20\d\d)年")


def _list_names() -> list[str]:
    return sorted({f.list for e in form_editions() for f in catalogue(e).forms}, key=len)


def _list_named(name: str | None, edition: int) -> FormSpec | None:
    if name is None:
        return None
    for form in catalogue(edition).forms:
        if name.startswith(form.list) or form.list.startswith(name):
            return form
    return None


def _label_shares(layout: Layout, edition: int) -> list[tuple[float, FormSpec]]:
    texts = [c.text for t in layout.tables() for c in t.cells if c.text.strip()]
    texts += [p.text for p in layout.paragraphs() if p.text.strip()]
    shares = []
    for form in catalogue(edition).forms:
        index = label_index(form)
        seen = set()
        for text in texts:
            found = index.match(text)
            if isinstance(found, LabelMatch) and found.score == 1.0:
                seen.add(found.label)
        wanted = {f.label.partition("/")[0] for f in form.fields}
        shares.append((len(seen & wanted) / len(wanted), form))
    return sorted(shares, key=lambda pair: pair[0], reverse=True)


def _edition_from_columns(layout: Layout) -> int | None:
    """The edition a year table implies: 近三年 2020-2022 is the 2022 edition."""
    for table in layout.tables():
        for r in range(table.n_rows):
            years = sorted(
                int(key)
                for key in (column_key(c.text) for c in table.row_cells(r))
                if key is not None and key.isdigit()
            )
            if len(years) >= 3 and "近三年" in fold(table.row_cells(r)[0].text):
                return years[-1]
    return None


def detect(layout: Layout, *, form: str | None = None, edition: int | None = None) -> Detected:
    title_edition, title_list = title_of(layout)
    year = edition or title_edition or _edition_from_columns(layout)
    if year is not None and year not in form_editions():
        raise UnknownFormError(
            layout.source, f"the {year} edition has no application forms in the catalogue"
        )
    if form is not None:
        try:
            given = catalogue(year or 2022).form(form)
        except (KeyError, UnknownEdition) as err:
            raise UnknownFormError(layout.source, str(err)) from None
        named = _list_named(title_list, year or 2022)
        other = named.list if named is not None and named.key != given.key else None
        return Detected(given, year or 2022, "given", title_names=other)
    if year is not None:
        named = _list_named(title_list, year)
        if named is not None:
            return Detected(named, year, "title")
    shares = _label_shares(layout, year or max(form_editions()))
    best_share, best = shares[0]
    if best_share >= MIN_LABEL_SHARE and year is not None:
        return Detected(best, year, "labels")
    raise UnknownFormError(layout.source, _describe(layout, title_list, shares, year))


def _describe(
    layout: Layout,
    title_list: str | None,
    shares: list[tuple[float, FormSpec]],
    year: int | None,
) -> str:
    share, closest = shares[0]
    first = next((p.text.strip() for p in layout.paragraphs() if p.text.strip()), "")
    looks = f"titled “{first[:30]}”" if first else f"with {sum(1 for _ in layout.tables())} tables"
    if share >= MIN_LABEL_SHARE and year is None:
        return (
            f"looks like a {closest.list} form ({share:.0%} of its labels) but its edition "
            "cannot be told from the title or year columns; pass --edition"
        )
    named = f" naming “{title_list}”" if title_list else ""
    return (
        f"not a known 科创中国 application form: a {layout.kind} document {looks}{named}; "
        f"closest form {closest.list} shows only {share:.0%} of its labels"
    )
