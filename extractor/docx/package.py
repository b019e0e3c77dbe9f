"""The .docx package: which zip member is the document, and its style names.

Only the main document part and its styles are read: headers, footers,
footnotes and comments live in other parts and never reach the Layout.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from extractor.docx.xml import local_name, parse_part, qn, w_val
from extractor.errors import UnreadableFile
from extractor.safety import check_zip

DEFAULT_MAIN_PART = "word/document.xml"
_ROOT_RELS = "_rels/.rels"
_BUILTIN_LOWERCASE = re.compile(r"^(heading [1-9]|caption|title|header|footer)$")


@dataclass
class StyleNames:
    """Paragraph style id -> the name Word shows ("Heading2" -> "Heading 2")."""

    by_id: dict[str, str]
    default: str | None

    def name(self, style_id: str | None) -> str | None:
        if style_id is None:
            return self.default
        return self.by_id.get(style_id, style_id)


@dataclass
class DocxParts:
    document: Element
    styles: StyleNames


def load_parts(path: Path, source: str) -> DocxParts:
    check_zip(path, source)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        main = _main_part(archive, names, source)
        document = parse_part(archive, main, source)
        if document.tag != qn("w:document"):
            raise UnreadableFile(
                source,
                f"not a Word document ({main} holds <{local_name(document.tag)}>)",
            )
        styles_part = _related_part(archive, names, main, "styles", source)
        styles = (
            style_names(parse_part(archive, styles_part, source))
            if styles_part is not None
            else StyleNames({}, None)
        )
    return DocxParts(document, styles)


def style_names(styles: Element) -> StyleNames:
    by_id: dict[str, str] = {}
    default: str | None = None
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        style_id = style.get(qn("w:styleId"))
        name = w_val(style.find(qn("w:name")))
        if style_id is None or name is None:
            continue
        ui_name = _ui_name(name)
        by_id[style_id] = ui_name
        if style.get(qn("w:default")) in ("1", "true", "on"):
            default = ui_name
    return StyleNames(by_id, default)


def _ui_name(name: str) -> str:
    # Word stores some built-in names in lower case ("heading 2") and shows
    # them capitalised; python-docx reports the shown name, and so do we.
    if _BUILTIN_LOWERCASE.match(name):
        return name[0].upper() + name[1:]
    return name


def _main_part(archive: zipfile.ZipFile, names: set[str], source: str) -> str:
    main = _relationship_target(archive, names, _ROOT_RELS, "", "officeDocument", source)
    if main is None and DEFAULT_MAIN_PART in names:
        main = DEFAULT_MAIN_PART
    if main is None or main not in names:
        raise UnreadableFile(
            source, f"not a Word .docx file (the zip archive has no {DEFAULT_MAIN_PART})"
        )
    return main


def _related_part(
    archive: zipfile.ZipFile, names: set[str], part: str, kind: str, source: str
) -> str | None:
    folder, _, filename = part.rpartition("/")
    rels = posixpath.join(folder, "_rels", f"{filename}.rels")
    target = _relationship_target(archive, names, rels, folder, kind, source)
    return target if target in names else None


def _relationship_target(
    archive: zipfile.ZipFile, names: set[str], rels: str, folder: str, kind: str, source: str
) -> str | None:
    """The first internal target of a relationship whose type ends in ``/kind``
    (Transitional and Strict type URIs differ only before that)."""
    if rels not in names:
        return None
    for relationship in parse_part(archive, rels, source).iter(qn("rel:Relationship")):
        if not relationship.get("Type", "").endswith(f"/{kind}"):
            continue
        if relationship.get("TargetMode") == "External":
            continue
        target = relationship.get("Target", "")
        if target.startswith("/"):
            return posixpath.normpath(target[1:])
        return posixpath.normpath(posixpath.join(folder, target))
    return None
