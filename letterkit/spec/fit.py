"""The address field's line limit, checked in the spec with the line and column to fix.

A window layout's address field holds a fixed number of lines
(letterkit/layouts.py; DIN 5008: six, the name included). An address with
more lines can never fit, so ``check`` says so before anything is typeset;
lines that wrap are found after layout, by the renderer's fit check.
"""

from __future__ import annotations

from letterkit.errors import Problem
from letterkit.layouts import layout_named
from letterkit.spec.model import Party, Spec
from letterkit.spec.yamlfile import Loaded, Loc, dotted


def _too_long(party: Party, loc: Loc, spec: Spec, loaded: Loaded) -> Problem | None:
    layout = layout_named(spec.layout.envelope)
    limit = layout.address_lines
    lines = 1 + len(party.address)
    if not limit or lines <= limit:
        return None
    first_over = max(limit - 1, 0)  # the name takes the first line
    pos = loaded.position((*loc, "address", first_over))
    field = dotted((*loc, "address"))
    message = (
        f"{field}: the name and address take {lines} lines, {lines - limit} more "
        f"than the address field of {layout.title} holds ({limit}; layout.envelope: "
        f"{layout.name}); join or leave out lines"
    )
    return Problem(loaded.path, message, pos.line, pos.column)


def address_fit(spec: Spec, loaded: Loaded) -> list[Problem]:
    """One problem per recipient whose address has more lines than the window shows."""
    parties: list[tuple[Party, Loc]] = []
    if spec.recipient is not None:
        parties.append((spec.recipient, ("recipient",)))
    parties += [(r, ("recipients", i)) for i, r in enumerate(spec.recipients or ())]
    found = (_too_long(party, loc, spec, loaded) for party, loc in parties)
    return [problem for problem in found if problem is not None]
