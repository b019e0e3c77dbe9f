"""The WordprocessingML tag names the .docx reader meets, and how it reads through the
elements that only wrap others: content controls (``w:sdt``), custom XML and
markup-compatibility alternatives. Every other docx module takes both from here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from xml.etree.ElementTree import Element

from extractor.docx.xml import qn

BODY = qn("w:body")
P = qn("w:p")
P_PR = qn("w:pPr")
P_STYLE = qn("w:pStyle")
TBL = qn("w:tbl")
TR = qn("w:tr")
TR_PR = qn("w:trPr")
TC = qn("w:tc")
TC_PR = qn("w:tcPr")
GRID_SPAN = qn("w:gridSpan")
GRID_BEFORE = qn("w:gridBefore")
GRID_AFTER = qn("w:gridAfter")
H_MERGE = qn("w:hMerge")
V_MERGE = qn("w:vMerge")
DELETED = qn("w:del")
R = qn("w:r")
R_PR = qn("w:rPr")
R_FONTS = qn("w:rFonts")
T = qn("w:t")
SYM = qn("w:sym")
FLD_CHAR = qn("w:fldChar")
FF_DATA = qn("w:ffData")
TEXTBOX = qn("w:txbxContent")
RUBY = qn("w:ruby")
RUBY_BASE = qn("w:rubyBase")
MATH_TEXT = qn("m:t")
SDT = qn("w:sdt")
SDT_PR = qn("w:sdtPr")
SDT_CONTENT = qn("w:sdtContent")
SHOWING_PLACEHOLDER = qn("w:showingPlcHdr")
CUSTOM_XML = qn("w:customXml")
ALTERNATE = qn("mc:AlternateContent")
CHOICE = qn("mc:Choice")
FALLBACK = qn("mc:Fallback")
FLD_CHAR_TYPE = qn("w:fldCharType")
#: Word 2010 check box content controls, and legacy form fields.
CC_CHECKBOX = qn("w14:checkbox")
CC_CHECKED = qn("w14:checked")
FF_CHECKBOX = qn("w:checkBox")
FF_CHECKED = qn("w:checked")
FF_DEFAULT = qn("w:default")
FF_DROP_DOWN = qn("w:ddList")
FF_LIST_ENTRY = qn("w:listEntry")
FF_RESULT = qn("w:result")
FONT_ATTRIBUTES = (qn("w:ascii"), qn("w:hAnsi"))

#: Elements whose children are runs shown as part of the paragraph.
INLINE_WRAPPERS = frozenset(
    qn(name)
    for name in (
        "w:hyperlink",
        "w:smartTag",
        "w:customXml",
        "w:ins",
        "w:moveTo",
        "w:fldSimple",
        "w:dir",
        "w:bdo",
    )
)
MATH = frozenset((qn("m:oMath"), qn("m:oMathPara")))
#: Run content shown as a character.
RUN_TEXT = {
    qn("w:tab"): " ",
    qn("w:ptab"): " ",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
#: Drawings, whose text boxes are read apart.
GRAPHICS = frozenset((qn("w:drawing"), qn("w:pict"), qn("w:object"), ALTERNATE))


def shows_placeholder(sdt: Element) -> bool:
    """A content control still showing its prompt ("Click here to enter text")."""
    properties = sdt.find(SDT_PR)
    return properties is not None and properties.find(SHOWING_PLACEHOLDER) is not None


def unwrapped(
    parent: Element, tags: Collection[str], *, skip_placeholders: bool = True
) -> Iterator[Element]:
    """The children of ``parent`` with one of ``tags``, read through content controls,
    custom XML and the first choice of an alternative. A control showing its placeholder
    is left out when ``skip_placeholders`` (its paragraphs are the prompt); rows and cells
    are read through it all the same, as the table's shape does not depend on it."""
    for child in parent:
        tag = child.tag
        if tag in tags:
            yield child
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None and not (skip_placeholders and shows_placeholder(child)):
                yield from unwrapped(content, tags, skip_placeholders=skip_placeholders)
        elif tag == CUSTOM_XML:
            yield from unwrapped(child, tags, skip_placeholders=skip_placeholders)
        elif tag == ALTERNATE:
            choice = child.find(CHOICE)
            if choice is not None:
                yield from unwrapped(choice, tags, skip_placeholders=skip_placeholders)


__all__ = ["shows_placeholder", "unwrapped"]
