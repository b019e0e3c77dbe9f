"""What the recogniser makes of a form's checkboxes: the glyphs a box, empty or ticked, reads
as. Text recognition, tick finding and decoding all need to know them: a box read as 口 is no
character of a word, and no word may turn it into another one."""

from __future__ import annotations

__all__ = ["BOX_READINGS", "BOX_SOUGHT", "ENCLOSED_READINGS", "TICK_READINGS"]

#: What the OCR makes of an empty box glyph; any other character there is real text.
BOX_READINGS = frozenset("口囗□☐☑☒")
#: Characters the OCR makes of a ticked box when the page was turned or photographed.
TICK_READINGS = frozenset("回国図囚団团因区四田目日")
#: The enclosed marks the OCR makes of a box, empty or ticked, on a copy or a photo (①, ◎):
#: no choice of a form's list is written with them.
ENCLOSED_READINGS = frozenset("①②③④⑤⑥⑦⑧⑨⓪◎⊙◉▣")
#: What the OCR makes of a box, empty or ticked, where the box is sought in the ink when no
#: outline found explains it: the box glyphs, the characters a ticked box reads as, and the
#: enclosed marks. (A box found in a real 回 stays the character: see ``page._tokens``.)
BOX_SOUGHT = BOX_READINGS | TICK_READINGS | ENCLOSED_READINGS
