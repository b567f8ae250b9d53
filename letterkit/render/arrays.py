"""The C array types WeasyPrint asks cffi for by length, made without parsing C.

WeasyPrint subsets each font of a PDF with HarfBuzz, and hands it the glyphs
in arrays typed by their length: ``ffi.new(f"hb_codepoint_t[{n}]", ...)``.
cffi keeps each type it parsed by its text, but parses a new one with
pycparser, its whole declaration preamble included: 4.5 ms a type, two or
three new lengths per font of every letter (some 20 ms of a one-letter PDF,
and of every letter the background worker makes from its warm state).

So WeasyPrint's cffi cache makes these types as cffi's parser would: the
array of the item type, through cffi's own cache of types (the same objects
parsing gives, tests/test_daemon_warm.py checks it). Any other text is
parsed as always, and a cffi whose insides differ is left as it is.
"""

from __future__ import annotations

import re
from typing import Any

from cffi import model

ITEMS = ("hb_codepoint_t",)
"""The item types WeasyPrint names arrays of by length."""
_ARRAY = re.compile(rf"({'|'.join(ITEMS)})\[([0-9]+)\]")


class _Types(dict[Any, Any]):
    """cffi's parsed types, with the arrays of ITEMS made on first use instead of parsed."""

    def __init__(self, ffi: Any, known: dict[Any, Any]) -> None:
        super().__init__(known)
        self.ffi = ffi
        self.item_types: dict[str, Any] = {}

    def __missing__(self, key: Any) -> Any:
        found = _ARRAY.fullmatch(key) if isinstance(key, str) else None
        if found is None:
            raise KeyError(key)  # cffi parses it, as it would have
        name, length = found[1], int(found[2])
        with self.ffi._lock:  # cffi's own lock, held as its parsing holds it
            if name not in self.item_types:
                self.item_types[name] = self.ffi._parser.parse_type(name)
            btype = self.ffi._get_cached_btype(model.ArrayType(self.item_types[name], length))
        self[key] = (btype, False)  # False: not a function type
        return self[key]


def install() -> bool:
    """Make WeasyPrint's cffi cache its arrays by length; whether it could (a cffi it knows)."""
    from weasyprint.text.ffi import ffi  # noqa: PLC0415 (render/pdf.py imported it already)

    known = getattr(ffi, "_parsed_types", None)
    needed = ("_lock", "_parser", "_get_cached_btype")
    if isinstance(known, _Types):
        return True
    if type(known) is not dict or not all(hasattr(ffi, name) for name in needed):
        return False  # another cffi: its types are parsed, as they always were
    ffi._parsed_types = _Types(ffi, known)
    return True
