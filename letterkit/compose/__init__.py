"""Stage 2: spec model + templates -> document model.

Jinja fills the part templates (compose/letter.py); the page layout template is
filled later, from the document model alone (letterkit/page).

The package itself loads nothing: the process that plans a run reads options
(compose/options.py) and finds template files (compose/templates.py) without
Jinja or Babel, while the worker that composes the letter loads them
(a cold text render: some 40 ms of imports moved off the planning path).
The names below load on first use, from the module that owns them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from letterkit import lazy

if TYPE_CHECKING:
    from letterkit.compose.grammar import needs_of
    from letterkit.compose.letter import compose, part_names
    from letterkit.compose.options import ComposeOptions
    from letterkit.compose.templates import (
        BUILTIN,
        BUILTIN_PREFIX,
        LAYOUT_FILES,
        Source,
        TemplateSet,
        TemplateSets,
    )
    from letterkit.memory import memory_cap

__all__ = [
    "BUILTIN",
    "BUILTIN_PREFIX",
    "LAYOUT_FILES",
    "ComposeOptions",
    "Source",
    "TemplateSet",
    "TemplateSets",
    "compose",
    "memory_cap",
    "needs_of",
    "part_names",
]

_OWNERS = {
    "BUILTIN": "letterkit.compose.templates",
    "BUILTIN_PREFIX": "letterkit.compose.templates",
    "LAYOUT_FILES": "letterkit.compose.templates",
    "Source": "letterkit.compose.templates",
    "TemplateSet": "letterkit.compose.templates",
    "TemplateSets": "letterkit.compose.templates",
    "ComposeOptions": "letterkit.compose.options",
    "compose": "letterkit.compose.letter",
    "part_names": "letterkit.compose.letter",
    "needs_of": "letterkit.compose.grammar",
    "memory_cap": "letterkit.memory",
}


__getattr__ = lazy.exports(__name__, _OWNERS)
