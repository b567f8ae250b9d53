"""Names a package offers without loading them: each imported from its module on first use.

A command pays only for what it uses: the process that plans a run never
loads the composition (Jinja, Babel), and a worker composing letters never
loads the spec loader (ruamel.yaml). A package lists its names and their
modules, and imports them for type checkers under TYPE_CHECKING.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, owners: Mapping[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: each name from its owner, kept once loaded."""

    def attribute(name: str) -> Any:
        if name not in owners:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(owners[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    return attribute
