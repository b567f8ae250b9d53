"""Field descriptions for the JSON Schema, from the docstring under each field.

The loader never needs them, so they are read here, when a schema is asked
for, rather than by pydantic's use_attribute_docstrings at import time (which
parses the models' source on every run).
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
import typing
from collections.abc import Iterator
from functools import cache

from pydantic import BaseModel


@cache
def _field_docstrings(cls: type) -> dict[str, str]:
    """The docstring written under each annotated name in a class body, as pydantic reads it."""
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


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _nested_first(model: type[BaseModel], seen: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """The model and every model its fields use, each after the models it uses."""
    if model not in seen:
        for info in model.model_fields.values():
            for inner in _models_in(info.annotation):
                _nested_first(inner, seen)
        seen.append(model)
    return seen


def _describe(model: type[BaseModel], documented: tuple[type[BaseModel], ...]) -> None:
    """Each field's docstring as its description, from the class whose body declares it."""
    for name, info in model.model_fields.items():
        owner = next(c for c in model.__mro__ if name in inspect.get_annotations(c))
        if info.description is None and issubclass(owner, documented):
            info.description = _field_docstrings(owner).get(name)


def document(root: type[BaseModel], documented: tuple[type[BaseModel], ...]) -> None:
    """Describe the fields of ``root`` and of the models nested in it by their docstrings.

    Only classes derived from ``documented`` are read; the models are rebuilt so
    that their JSON Schema shows the descriptions.
    """
    for model in _nested_first(root, []):
        _describe(model, documented)
        model.model_rebuild(force=True)
