"""Stage 1: spec and data files (YAML, JSON, CSV, TSV) in -> validated frozen spec models.

The package loads nothing itself: the models (spec/model.py) are all a worker
composing letters needs, and the loader (spec/load.py, with ruamel.yaml) is
what the process that plans a run reads the spec files with. The names below
load on first use, from the module that owns them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from letterkit import lazy

if TYPE_CHECKING:
    from letterkit.spec.load import load_spec, parse_spec, position_of, with_defaults
    from letterkit.spec.model import PDF_VARIANTS, Recipient, Spec
    from letterkit.spec.problems import problems_from, reported
    from letterkit.spec.recipients import (
        Entry,
        Recipients,
        from_spec,
        load_data,
        personalise,
        read_chunks,
        read_data,
    )
    from letterkit.spec.schema import SCHEMA_FILE, schema_text
    from letterkit.spec.yamlfile import Loaded, Position

__all__ = [
    "PDF_VARIANTS",
    "SCHEMA_FILE",
    "Entry",
    "Loaded",
    "Position",
    "Recipient",
    "Recipients",
    "Spec",
    "from_spec",
    "load_data",
    "load_spec",
    "parse_spec",
    "personalise",
    "position_of",
    "problems_from",
    "read_chunks",
    "read_data",
    "reported",
    "schema_text",
    "with_defaults",
]

_OWNERS = {
    "PDF_VARIANTS": "letterkit.spec.model",
    "SCHEMA_FILE": "letterkit.spec.schema",
    "Entry": "letterkit.spec.recipients",
    "Loaded": "letterkit.spec.yamlfile",
    "Position": "letterkit.spec.yamlfile",
    "Recipient": "letterkit.spec.model",
    "Recipients": "letterkit.spec.recipients",
    "Spec": "letterkit.spec.model",
    "from_spec": "letterkit.spec.recipients",
    "load_data": "letterkit.spec.recipients",
    "load_spec": "letterkit.spec.load",
    "parse_spec": "letterkit.spec.load",
    "personalise": "letterkit.spec.recipients",
    "position_of": "letterkit.spec.load",
    "problems_from": "letterkit.spec.problems",
    "read_chunks": "letterkit.spec.recipients",
    "read_data": "letterkit.spec.recipients",
    "reported": "letterkit.spec.problems",
    "schema_text": "letterkit.spec.schema",
    "with_defaults": "letterkit.spec.load",
}


__getattr__ = lazy.exports(__name__, _OWNERS)
