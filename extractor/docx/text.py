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

from extractor.docx import tags
from extractor.docx.checkboxes import (
    content_control_state,
    form_field_text,
    glyph,
    normalise_glyphs,
    sym_text,
    symbol_font_text,
    symbol_table,
)
from extractor.docx.tags import shows_placeholder


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
        if tag == tags.R:
            _run(child, out)
        elif tag in tags.INLINE_WRAPPERS:
            _inline(child, out)
        elif tag == tags.SDT:
            _content_control(child, out)
        elif tag == tags.ALTERNATE:
            _alternate(child, out)
        elif tag in tags.MATH:
            out.add("".join(t.text or "" for t in child.iter(tags.MATH_TEXT)))


def _run(run: Element, out: _Collector) -> None:
    table: dict[int, str] | None = None
    fonts_read = False
    for child in run:
        tag = child.tag
        if tag == tags.T:
            if not fonts_read:
                table, fonts_read = _run_symbol_table(run), True
            text = child.text or ""
            out.add(symbol_font_text(text, table) if table is not None else text)
        elif tag in tags.RUN_TEXT:
            out.add(tags.RUN_TEXT[tag])
        elif tag == tags.FLD_CHAR:
            _field_char(child, out)
        elif tag == tags.SYM:
            out.add(sym_text(child))
        elif tag in tags.GRAPHICS:
            _find_textboxes(child, out.textboxes)
        elif tag == tags.RUBY:
            base = child.find(tags.RUBY_BASE)
            if base is not None:
                _inline(base, out)


def _run_symbol_table(run: Element) -> dict[int, str] | None:
    properties = run.find(tags.R_PR)
    fonts = properties.find(tags.R_FONTS) if properties is not None else None
    if fonts is None:
        return None
    for attribute in tags.FONT_ATTRIBUTES:
        table = symbol_table(fonts.get(attribute))
        if table is not None:
            return table
    return None


def _field_char(char: Element, out: _Collector) -> None:
    kind = char.get(tags.FLD_CHAR_TYPE)
    if kind == "begin":
        ff_data = char.find(tags.FF_DATA)
        shown = form_field_text(ff_data) if ff_data is not None else None
        if shown is not None:
            out.add(shown)
        out.fields.append(_Field(is_form=shown is not None))
    elif kind == "separate" and out.fields:
        out.fields[-1].in_result = True
    elif kind == "end" and out.fields:
        out.fields.pop()


def _content_control(sdt: Element, out: _Collector) -> None:
    properties = sdt.find(tags.SDT_PR)
    if properties is not None:
        ticked = content_control_state(properties)
        if ticked is not None:
            out.add(glyph(ticked))
            return
        if shows_placeholder(sdt):
            return
    content = sdt.find(tags.SDT_CONTENT)
    if content is not None:
        _inline(content, out)


def _alternate(alternate: Element, out: _Collector) -> None:
    # Choice and Fallback are two renderings of one thing: read the first Choice.
    choice = alternate.find(tags.CHOICE)
    if choice is not None:
        _inline(choice, out)


def _find_textboxes(graphic: Element, found: list[Element]) -> None:
    """Outermost text boxes in a drawing; a VML fallback repeats them, so skip it."""
    for child in graphic:
        if child.tag == tags.TEXTBOX:
            found.append(child)
        elif child.tag != tags.FALLBACK:
            _find_textboxes(child, found)
