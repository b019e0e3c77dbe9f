"""Every way Word shows a tick box, turned into ``☑`` (ticked) or ``□`` (empty).

- Glyphs typed as text: box-like ones only. ``☑ ☒ ■ ▣ ✅ 🗹 🗷 ⌧`` are ticked,
  ``☐ □ ◻ ▢`` empty. Ticks without a box (``√ ✓ ✔``) stay as they are: the
  normaliser reads a tick written after an option's text.
- ``w:sym`` and text runs in the symbol fonts Wingdings and Wingdings 2 (codes
  as Word writes them, ``F0xx``, or as the bare byte). Wingdings: FE 🗹, FD 🗷,
  78 ⌧, 6E ◼ are ticked; A8 🞎, 6F 🞏, 70 🞐, 71 ❑, 72 ❒ empty; FC is ✓.
  Wingdings 2: 52 ☑, 51 🗵, 53 ⮽, 54 ☒, A2 ■, A8 ▣ are ticked; A3 □, A4-A6
  (heavier white squares) empty; 50 is ✓.
- Word 2010 content controls (``w14:checkbox`` in a ``w:sdt``): the state is
  ``w14:checked``; the control's own display glyph is not read.
- Legacy form fields (``w:ffData/w:checkBox``): ``w:checked`` if present, else
  ``w:default``.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from extractor.docx import tags
from extractor.docx.xml import int_val, on_off, w_val
from extractor.layout import BOX_GLYPHS, CHECKED, UNCHECKED

TICK = "✓"

_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "wingdings": {
        0xFE: CHECKED,
        0xFD: CHECKED,
        0x78: CHECKED,
        0x6E: CHECKED,
        0xA8: UNCHECKED,
        0x6F: UNCHECKED,
        0x70: UNCHECKED,
        0x71: UNCHECKED,
        0x72: UNCHECKED,
        0xFC: TICK,
    },
    "wingdings2": {
        0x52: CHECKED,
        0x51: CHECKED,
        0x53: CHECKED,
        0x54: CHECKED,
        0xA2: CHECKED,
        0xA8: CHECKED,
        0xA3: UNCHECKED,
        0xA4: UNCHECKED,
        0xA5: UNCHECKED,
        0xA6: UNCHECKED,
        0x50: TICK,
    },
}
_PUA_SYMBOLS = range(0xF000, 0xF100)


def normalise_glyphs(text: str) -> str:
    return text.translate(BOX_GLYPHS)


def glyph(ticked: bool) -> str:
    return CHECKED if ticked else UNCHECKED


def symbol_table(font: str | None) -> dict[int, str] | None:
    """The box/tick codes of a symbol font, or None for any other font."""
    if font is None:
        return None
    return _SYMBOL_FONTS.get(font.replace(" ", "").lower())


def sym_text(sym: Element) -> str:
    """A ``w:sym``: its box or tick, its character if a real one, else nothing
    (a private-use code of a font we do not know draws an unknown picture)."""
    try:
        code = int(w_val(sym, "w:char") or "", 16)
    except ValueError:
        return ""
    table = symbol_table(w_val(sym, "w:font"))
    if table is not None:
        mapped = table.get(_symbol_byte(code))
        if mapped is not None:
            return mapped
    if code in _PUA_SYMBOLS or not 0 < code < 0x110000:
        return ""
    return chr(code)


def symbol_font_text(text: str, table: dict[int, str]) -> str:
    """Text typed in a symbol font: its box and tick codes become ours."""
    return "".join(table.get(_symbol_byte(ord(char)), char) for char in text)


def content_control_state(sdt_properties: Element) -> bool | None:
    """Ticked or not for a ``w14:checkbox`` content control; None for other controls."""
    checkbox = sdt_properties.find(tags.CC_CHECKBOX)
    if checkbox is None:
        return None
    return on_off(checkbox.find(tags.CC_CHECKED), "w14:val")


def form_field_text(ff_data: Element) -> str | None:
    """What a legacy form field shows in place of its result: a box for a check
    box, the chosen entry for a drop-down; None for a text field (its result
    runs are the text)."""
    checkbox = ff_data.find(tags.FF_CHECKBOX)
    if checkbox is not None:
        checked = checkbox.find(tags.FF_CHECKED)
        if checked is not None:
            return glyph(on_off(checked))
        return glyph(on_off(checkbox.find(tags.FF_DEFAULT)))
    drop_down = ff_data.find(tags.FF_DROP_DOWN)
    if drop_down is not None:
        entries = [w_val(e) or "" for e in drop_down.iter(tags.FF_LIST_ENTRY)]
        chosen = int_val(drop_down.find(tags.FF_RESULT), -1)
        if chosen < 0:
            chosen = int_val(drop_down.find(tags.FF_DEFAULT), 0)
        return entries[chosen] if 0 <= chosen < len(entries) else ""
    return None


def _symbol_byte(code: int) -> int:
    return code - 0xF000 if code in _PUA_SYMBOLS else code
