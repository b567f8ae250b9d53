"""Where templates come from: a search path of folders, built-in last.

Part templates are found by language, most specific first:
``<dir>/<language>/<part>.j2`` (e.g. ``en/greeting.j2``), then the base
language (``ur`` for ``ur-PK``), then ``<dir>/<part>.j2``, which holds no
wording of any one language. Each folder is tried in turn, so a folder
earlier on the path overrides a later one part by part.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from letterkit.compose.environment import make_environment
from letterkit.compose.sandbox import LetterSandbox

PACKAGE = Path(__file__).resolve().parent.parent
# An installed wheel carries the templates inside the package; a source
# checkout keeps them in the top-level templates/ folder.
BUILTIN = next(p for p in (PACKAGE / "_templates", PACKAGE.parent / "templates") if p.is_dir())
BUILTIN_PREFIX = "builtin"
STYLESHEET = "letter.css"


@dataclass(frozen=True)
class Source:
    """A template file and the name Jinja knows it by."""

    name: str
    path: Path
    origin: str
    """"built-in" or the folder it was found in."""


def _language_folders(language: str) -> list[str]:
    tag = language.replace("_", "-")
    base = tag.split("-")[0]
    return [tag, base] if base != tag else [tag]


class TemplateSet:
    """The templates in effect: given folders first, then the built-in ones."""

    def __init__(self, folders: tuple[Path, ...] = ()) -> None:
        self.roots: list[tuple[str, Path]] = [(f"dir{i}", f) for i, f in enumerate(folders)]
        self.roots.append((BUILTIN_PREFIX, BUILTIN))
        loaders = {prefix: jinja2.FileSystemLoader(root) for prefix, root in self.roots}
        # Prefixed names reach one folder ("builtin/en/greeting.j2" for
        # {% extends %}); plain names follow the search path.
        self.environment: LetterSandbox = make_environment(
            jinja2.ChoiceLoader(
                [jinja2.PrefixLoader(loaders), *(jinja2.FileSystemLoader(r) for _, r in self.roots)]
            )
        )

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every template folder, most specific first, built-in last."""
        return tuple(root for _, root in self.roots)

    def _find(self, names: list[str]) -> Source | None:
        for prefix, root in self.roots:
            for name in names:
                path = root / name
                if path.is_file():
                    origin = "built-in" if prefix == BUILTIN_PREFIX else str(root)
                    return Source(f"{prefix}/{name}", path, origin)
        return None

    def part(self, part: str, language: str) -> Source | None:
        """The template for a letter part in a language, or None if there is none."""
        names = [f"{folder}/{part}.j2" for folder in _language_folders(language)]
        return self._find([*names, f"{part}.j2"])

    def has_wording(self, language: str) -> bool:
        """Whether some folder has templates written in this language."""
        return any(
            (root / folder).is_dir()
            for _, root in self.roots
            for folder in _language_folders(language)
        )

    def stylesheet(self) -> Source:
        """The stylesheet for HTML and PDF output."""
        found = self._find([STYLESHEET])
        assert found is not None, "the built-in stylesheet is missing"
        return found
