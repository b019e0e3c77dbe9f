"""The validation checks, one small module per kind; ``schemas.validate`` runs them all.

Each check reads the flat values (``label`` or ``label/column`` -> value) of one form,
so it works for any reader and for JSON typed in by hand. A value of the wrong type
is left alone here: reading it is the reader's job and ``schemas.flat`` rejects it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from schemas.catalogue import FormSpec
from schemas.flags import Flag
from schemas.record import FlatValue

Values = Mapping[str, FlatValue]
Check = Callable[[FormSpec, int, Values], list[Flag]]
