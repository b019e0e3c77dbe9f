"""One paragraph's text as Word displays it.

Runs give their text; tabs become a space and line breaks ``\\n``. Deleted
tracked changes, field instructions and content-control placeholder text are
not shown. Check boxes (content controls, form fields, symbol glyphs) become
``☑``/``□`` where they stand. Text boxes anchored in the paragraph are returned
apart (``w:txbxContent`` elements), for the caller to read as blocks of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from extractor.docx.checkboxes import (
    content_control_state,
    form_field_text,
    glyph,
    normalise_glyphs,
    sym_text,
    symbol_font_text,
    symbol_table,
)
from extractor.docx.xml import qn

_R = qn("w:r")
_T = qn("w:t")
_SYM = qn("w:sym")
_SDT = qn("w:sdt")
_SDT_PR = qn("w:sdtPr")
_SDT_CONTENT = qn("w:sdtContent")
_PLACEHOLDER = qn("w:showingPlcHdr")
_FLD_CHAR = qn("w:fldChar")
_FF_DATA = qn("w:ffData")
_ALTERNATE = qn("mc:AlternateContent")
_CHOICE = qn("mc:Choice")
_FALLBACK = qn("mc:Fallback")
_TEXTBOX = qn("w:txbxContent")
_RUBY = qn("w:ruby")
_RUBY_BASE = qn("w:rubyBase")
_R_PR = qn("w:rPr")
_R_FONTS = qn("w:rFonts")
_FONT_ATTRIBUTES = (qn("w:ascii"), qn("w:hAnsi"))
_MATH_TEXT = qn("m:t")

#: Elements whose children are runs shown as part of the paragraph.
_TRANSPARENT = frozenset(
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
_MATH = frozenset((qn("m:oMath"), qn("m:oMathPara")))
_RUN_TEXT = {
    qn("w:tab"): " ",
    qn("w:ptab"): " ",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_GRAPHICS = frozenset((qn("w:drawing"), qn("w:pict"), qn("w:object"), _ALTERNATE))


@dataclass
class _Field:
    #: A form field (check box, drop-down) shows its own text, never its result runs.
    is_form: bool
    in_result: bool = False


@dataclass
class ParagraphText:
    text: str
    textboxes: list[Element]


@dataclass
class _Collector:
    parts: list[str] = field(default_factory=list)
    fields: list[_Field] = field(default_factory=list)
    textboxes: list[Element] = field(default_factory=list)

    def showing(self) -> bool:
        # Between a field's begin and separate is its instruction; a form field's
        # result is replaced by its box or choice.
        return all(f.in_result and not f.is_form for f in self.fields)

    def add(self, text: str) -> None:
        if text and self.showing():
            self.parts.append(text)


def paragraph_text(paragraph: Element) -> ParagraphText:
    collector = _Collector()
    _inline(paragraph, collector)
    text = normalise_glyphs("".join(collector.parts)).strip()
    return ParagraphText(text, collector.textboxes)


def _inline(parent: Element, out: _Collector) -> None:
    for child in parent:
        tag = child.tag
        if tag == _R:
            _run(child, out)
        elif tag in _TRANSPARENT:
            _inline(child, out)
        elif tag == _SDT:
            _content_control(child, out)
        elif tag == _ALTERNATE:
            _alternate(child, out)
        elif tag in _MATH:
            out.add("".join(t.text or "" for t in child.iter(_MATH_TEXT)))


def _run(run: Element, out: _Collector) -> None:
    table: dict[int, str] | None = None
    fonts_read = False
    for child in run:
        tag = child.tag
        if tag == _T:
            if not fonts_read:
                table, fonts_read = _run_symbol_table(run), True
            text = child.text or ""
            out.add(symbol_font_text(text, table) if table is not None else text)
        elif tag in _RUN_TEXT:
            out.add(_RUN_TEXT[tag])
        elif tag == _FLD_CHAR:
            _field_char(child, out)
        elif tag == _SYM:
            out.add(sym_text(child))
        elif tag in _GRAPHICS:
            _find_textboxes(child, out.textboxes)
        elif tag == _RUBY:
            base = child.find(_RUBY_BASE)
            if base is not None:
                _inline(base, out)


def _run_symbol_table(run: Element) -> dict[int, str] | None:
    properties = run.find(_R_PR)
    fonts = properties.find(_R_FONTS) if properties is not None else None
    if fonts is None:
        return None
    for attribute in _FONT_ATTRIBUTES:
        table = symbol_table(fonts.get(attribute))
        if table is not None:
            return table
    return None


def _field_char(char: Element, out: _Collector) -> None:
    kind = char.get(qn("w:fldCharType"))
    if kind == "begin":
        ff_data = char.find(_FF_DATA)
        shown = form_field_text(ff_data) if ff_data is not None else None
        if shown is not None:
            out.add(shown)
        out.fields.append(_Field(is_form=shown is not None))
    elif kind == "separate" and out.fields:
        out.fields[-1].in_result = True
    elif kind == "end" and out.fields:
        out.fields.pop()


def _content_control(sdt: Element, out: _Collector) -> None:
    properties = sdt.find(_SDT_PR)
    if properties is not None:
        ticked = content_control_state(properties)
        if ticked is not None:
            out.add(glyph(ticked))
            return
        if properties.find(_PLACEHOLDER) is not None:
            return
    content = sdt.find(_SDT_CONTENT)
    if content is not None:
        _inline(content, out)


def _alternate(alternate: Element, out: _Collector) -> None:
    # Choice and Fallback are two renderings of one thing: read the first Choice.
    choice = alternate.find(_CHOICE)
    if choice is not None:
        _inline(choice, out)


def _find_textboxes(graphic: Element, found: list[Element]) -> None:
    """Outermost text boxes in a drawing; a VML fallback repeats them, so skip it."""
    for child in graphic:
        if child.tag == _TEXTBOX:
            found.append(child)
        elif child.tag != _FALLBACK:
            _find_textboxes(child, found)
