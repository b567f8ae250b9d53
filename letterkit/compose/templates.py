"""Where templates come from: a search path of folders, built-in last.

Part templates are found by language, most specific first:
``<dir>/<language>/<part>.j2`` (e.g. ``en/greeting.j2``), then the base
language (``ur`` for ``ur-PK``), then ``<dir>/<part>.j2``, which holds no
wording of any one language. Each folder is tried in turn, so a folder
earlier on the path overrides a later one part by part.
"""

from __future__ import annotations

import functools
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from msgspec.structs import replace

from letterkit import boundary
from letterkit.document import TemplateFile
from letterkit.errors import TemplateError

if TYPE_CHECKING:
    from letterkit.sandbox import LetterSandbox

PACKAGE = Path(__file__).resolve().parent.parent
# An installed wheel carries the templates inside the package; a source
# checkout keeps them in the top-level templates/ folder.
BUILTIN = next(p for p in (PACKAGE / "_templates", PACKAGE.parent / "templates") if p.is_dir())
BUILTIN_PREFIX = "builtin"
STYLESHEET = "letter.css"
EXTRA_STYLESHEET = "extra.css"
"""Appended after the stylesheet in effect: change a few rules, keep the rest."""
LAYOUT = "letter.html.j2"
"""The page layout template (letterkit/page), overridden like any other template."""
LAYOUT_FILES = ".html.j2"
"""How the layout's files end: the layout and the macros files it may import."""
SUFFIXES = frozenset({".j2", ".css"})
MAX_TEMPLATE_BYTES = 16 * 1024 * 1024
"""A template is a few kilobytes, a stylesheet with a font inlined as a data: URL a few
megabytes; the cap stops a huge file (devices and pipes are refused as they are)."""
NOT_UTF8 = "the file is not valid UTF-8; save it as UTF-8"


class Source(msgspec.Struct, frozen=True):
    """A template file and the name Jinja knows it by."""

    name: str
    path: Path
    origin: str
    """"built-in" or the folder it was found in."""


class Entry(msgspec.Struct, frozen=True):
    """One template name in effect, and the ones of the same name it hides."""

    name: str
    """The name relative to its folder, e.g. en/greeting.j2."""
    source: Source
    overrides: tuple[str, ...]
    """Origins further down the search path that hold the same name."""


def _origin(prefix: str, root: Path) -> str:
    return "built-in" if prefix == BUILTIN_PREFIX else str(root)


def _area(folder: Path, project: Path | None) -> Path:
    """Where a template folder's files may lead: its project, or the folder itself."""
    if project is not None and boundary.real(folder).is_relative_to(boundary.real(project)):
        return project
    return folder


def _part_files(part: str, language: str) -> list[str]:
    return [*(f"{folder}/{part}.j2" for folder in _language_folders(language)), f"{part}.j2"]


def language_folders(language: str) -> list[str]:
    """The folders a language's templates are looked for in, most specific first."""
    return _language_folders(language)


def _language_folders(language: str) -> list[str]:
    tag = language.replace("_", "-")
    base = tag.split("-")[0]
    return [tag, base] if base != tag else [tag]


def read_text(path: Path, area: Path) -> str:
    """A template folder's text file, read through the boundary; errors name the file."""
    try:
        return boundary.read_text(path, [area], MAX_TEMPLATE_BYTES)
    except UnicodeDecodeError:
        raise TemplateError.at(path, NOT_UTF8) from None
    except OSError as exc:
        raise TemplateError.at(path, f"cannot read: {exc.strerror}") from None


class TemplateSet:
    """The templates in effect: given folders first, then the built-in ones.

    A folder inside ``project`` may hold files that lead anywhere inside the
    project; any other folder (one the user named, the built-in one) only
    files inside itself.
    """

    def __init__(self, folders: tuple[Path, ...] = (), project: Path | None = None) -> None:
        self.roots: list[tuple[str, Path]] = [(f"dir{i}", f) for i, f in enumerate(folders)]
        self.roots.append((BUILTIN_PREFIX, BUILTIN))
        self.areas = {root: _area(root, project) for _, root in self.roots}
        self._found: dict[tuple[str, ...], Source | None] = {}
        self._worded: dict[str, bool] = {}
        self._texts: dict[Path, str] = {}
        """Files read whole (the stylesheets), each once a run like the look-ups."""

    @functools.cached_property
    def environment(self) -> LetterSandbox:
        """The Jinja environment over these folders, made when a letter is first composed."""
        from letterkit.compose.loader import environment_over  # noqa: PLC0415 -- see loader.py

        return environment_over(self.roots, self.areas)

    def forget_lookups(self) -> None:
        """Look the files up again: a run that keeps this set (watch) starts each render so.

        Within a run every letter asks for the same parts, so each is looked up
        once (resolving a path through the boundary took a third of a text letter).
        """
        self._found.clear()
        self._worded.clear()
        self._texts.clear()
        self.__dict__.pop("page_template", None)  # read again too

    @property
    def search_path(self) -> tuple[Path, ...]:
        """The folders this set was made from, without the built-in one."""
        return tuple(root for prefix, root in self.roots if prefix != BUILTIN_PREFIX)

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every template folder, most specific first, built-in last."""
        return tuple(root for _, root in self.roots)

    def _find(self, names: list[str]) -> Source | None:
        key = tuple(names)
        if key not in self._found:
            self._found[key] = self._look_up(names)
        return self._found[key]

    def _look_up(self, names: list[str]) -> Source | None:
        for prefix, root in self.roots:
            for name in names:
                path = root / name
                if boundary.is_file(path, [self.areas[root]]):
                    return Source(f"{prefix}/{name}", path, _origin(prefix, root))
        return None

    def part(self, part: str, language: str) -> Source | None:
        """The template for a letter part in a language, or None if there is none."""
        return self._find(_part_files(part, language))

    def require_part(self, part: str, language: str, letter: str) -> Source:
        """The template for a part, or a TemplateError naming what was looked for, and where."""
        found = self.part(part, language)
        if found is None:
            folders = ", ".join(_origin(prefix, root) for prefix, root in self.roots)
            files = " or ".join(_part_files(part, language))
            raise TemplateError.at(
                letter,
                f'parts: no template for part "{part}": add {files} to a template folder '
                f"(searched {folders}) or remove it from parts",
            )
        return found

    def has_wording(self, language: str) -> bool:
        """Whether some folder has templates written in this language."""
        if language not in self._worded:
            self._worded[language] = any(
                (root / folder).is_dir()
                for _, root in self.roots
                for folder in _language_folders(language)
            )
        return self._worded[language]

    def stylesheet(self) -> Source:
        """The stylesheet for HTML and PDF output."""
        found = self._find([STYLESHEET])
        assert found is not None, "the built-in stylesheet is missing"
        return found

    def stylesheet_text(self, rules: str = "") -> str:
        """The stylesheet in effect, the letter's own rules, then the first extra.css."""
        extra = self._find([EXTRA_STYLESHEET])
        texts = [self.read(self.stylesheet()), rules]
        return "\n".join([*texts, self.read(extra)] if extra else texts)

    def read(self, source: Source) -> str:
        """A template's text, read through the boundary of the folder it was found in.

        Once a run: every letter reads the stylesheets, and reading one through
        the boundary took a tenth of a text letter.
        """
        if source.path not in self._texts:
            folder = next(root for _, root in self.roots if source.path.is_relative_to(root))
            self._texts[source.path] = read_text(source.path, self.areas[folder])
        return self._texts[source.path]

    @functools.cached_property
    def page_template(self) -> tuple[TemplateFile, ...]:
        """The layout template, then every file it may include, read once per template set.

        Each .html.j2 file in effect by its name, and every one by its folder's
        prefix too ("builtin/letter.macros.html.j2"), so a project's layout can
        import the built-in pieces it keeps.
        """
        found: dict[str, TemplateFile] = {}
        for prefix, root in self.roots:
            for path in boundary.walk(root, [self.areas[root]], SUFFIXES):
                if not path.name.endswith(LAYOUT_FILES):
                    continue  # a part template or a stylesheet: most of the files
                name = path.relative_to(root).as_posix()
                file = TemplateFile(name, str(path), read_text(path, self.areas[root]))
                found.setdefault(name, file)
                found[f"{prefix}/{name}"] = replace(file, name=f"{prefix}/{name}")
        layout = found.pop(LAYOUT, None)
        assert layout is not None, "the built-in layout template is missing"
        return (layout, *(found[name] for name in sorted(found)))

    def listing(self) -> list[Entry]:
        """Every template name on the search path, with the file in effect for it."""
        found: dict[str, list[Source]] = {}
        for prefix, root in self.roots:
            for path in boundary.walk(root, [self.areas[root]], SUFFIXES):
                if boundary.is_file(path, [self.areas[root]]):
                    name = path.relative_to(root).as_posix()
                    source = Source(f"{prefix}/{name}", path, _origin(prefix, root))
                    found.setdefault(name, []).append(source)
        return [
            Entry(name, sources[0], tuple(s.origin for s in sources[1:]))
            for name, sources in sorted(found.items())
        ]


TemplateSets = MutableMapping[tuple[tuple[Path, ...], Path | None], TemplateSet]
"""Template sets by search path and project: each keeps its Jinja environment's templates."""
