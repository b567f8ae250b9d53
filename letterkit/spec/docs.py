"""Field descriptions for the JSON Schema, from the docstring under each field.

The loader never needs them, so they are read here, when a schema is asked
for, rather than at import time (which would parse the models' source on
every run).
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import textwrap

from letterkit.spec.base import Model, once


@once
def _field_docstrings(cls: type) -> dict[str, str]:
    """The docstring written under each annotated name in a class body."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


@once
def descriptions(cls: type[Model]) -> dict[str, str]:
    """Each field's docstring, from the class whose body declares it.

    Only spec classes (derived from Model) are read: the grammar mixins'
    fields are described by the languages' documentation, not the schema.
    """
    found: dict[str, str] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        owner = next(c for c in cls.__mro__ if field.name in inspect.get_annotations(c))
        doc = _field_docstrings(owner).get(field.name) if issubclass(owner, Model) else None
        if doc is not None:
            found[field.name] = doc
    return found
