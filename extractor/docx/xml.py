"""The raw XML layer: namespaces, qualified names, and parsing one part of the package.

Parts are parsed with ``extractor.safety.parse_xml`` (stdlib expat through
ElementTree's C parser: no DTD, no entity, no network). ISO Strict documents use
other namespace URIs for the same vocabulary; ``parse_part`` renames them to the
Transitional ones, so everything after reads one vocabulary. The tag names the reader
meets, and how it reads through wrapping elements, are in ``extractor.docx.tags``.
"""

from __future__ import annotations

import zipfile
from functools import cache
from xml.etree.ElementTree import Element

from extractor.safety import parse_xml, read_member

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

#: ISO/IEC 29500 Strict namespace -> the Transitional one with the same elements.
STRICT_TO_TRANSITIONAL = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
    "http://purl.oclc.org/ooxml/officeDocument/math": M_NS,
    "http://purl.oclc.org/ooxml/drawingml/main": (
        "http://schemas.openxmlformats.org/drawingml/2006/main"
    ),
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": (
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    ),
}
_STRICT_PREFIX = "{http://purl.oclc.org/ooxml/"

_PREFIXES = {"w": W_NS, "w14": W14_NS, "mc": MC_NS, "m": M_NS, "rel": PKG_REL_NS}


@cache
def qn(name: str) -> str:
    """``"w:tc"`` -> ElementTree's ``"{namespace}tc"``."""
    prefix, local = name.split(":")
    return f"{{{_PREFIXES[prefix]}}}{local}"


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def parse_part(archive: zipfile.ZipFile, name: str, source: str) -> Element:
    root = parse_xml(read_member(archive, name, source), source, name)
    if root.tag.startswith(_STRICT_PREFIX):
        _strict_to_transitional(root)
    return root


def w_val(element: Element | None, attribute: str = "w:val") -> str | None:
    """An attribute of an optional element (most WordprocessingML settings are
    ``<w:x w:val="..."/>``)."""
    if element is None:
        return None
    return element.get(qn(attribute))


def on_off(element: Element | None, attribute: str = "w:val") -> bool:
    """An ST_OnOff property: present without a value means on."""
    if element is None:
        return False
    value = element.get(qn(attribute))
    return value is None or value.lower() in ("1", "true", "on")


def int_val(element: Element | None, default: int) -> int:
    value = w_val(element)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _strict_to_transitional(root: Element) -> None:
    for element in root.iter():
        element.tag = _translate(element.tag)
        if any(key.startswith(_STRICT_PREFIX) for key in element.attrib):
            renamed = {_translate(key): value for key, value in element.attrib.items()}
            element.attrib.clear()
            element.attrib.update(renamed)


def _translate(name: str) -> str:
    if not name.startswith(_STRICT_PREFIX):
        return name
    namespace, _, local = name[1:].partition("}")
    return f"{{{STRICT_TO_TRANSITIONAL.get(namespace, namespace)}}}{local}"
