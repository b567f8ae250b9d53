"""What each spec is rendered with: the command line over its project's config over defaults.

One run may render specs of several projects. Each project's letterkit.toml
is read once per run, and one TemplateSet is made per distinct search path:
its Jinja environment keeps compiled templates, so letters that share a
project share them. A new run (a watch round) reads everything afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterkit.compose import TemplateSet
from letterkit.compose.templates import BUILTIN
from letterkit.config import Config, config_file, load_config
from letterkit.defaults import DEFAULT_FORMATS, PROJECT_TEMPLATES
from letterkit.project import project_root


@dataclass(frozen=True)
class Project:
    """A project root and what its config says."""

    root: Path
    config: Config = field(default_factory=Config)

    @classmethod
    def at(cls, root: Path) -> Project:
        """The project rooted at ``root``, its letterkit.toml read when it has one."""
        path = config_file(root)
        return cls(root, load_config(path) if path else Config())

    def template_folders(self) -> tuple[Path, ...]:
        """The project's template folders: those the config names, else templates/ if present."""
        if self.config.templates is not None:
            return tuple(self.root / folder for folder in self.config.templates)
        default = self.root / PROJECT_TEMPLATES
        return (default,) if default.is_dir() else ()

    def output(self) -> Path | None:
        """The config's output folder, or None for next to each spec."""
        return None if self.config.output is None else self.root / self.config.output


@dataclass(frozen=True)
class Resolved:
    """Everything one spec is rendered with."""

    project: Project
    formats: tuple[str, ...]
    output: Path | str | None
    templates: TemplateSet

    def spec_defaults(self) -> dict[str, Any]:
        """Spec fields the project's config fills in where the spec leaves them out."""
        return self.project.config.spec_defaults()


def search_path(given: tuple[Path, ...], project: tuple[Path, ...]) -> tuple[Path, ...]:
    """--templates folders, then the project's; each once, never the built-in folder itself.

    In a checkout of letterkit the project's templates/ is the built-in
    folder; listing it twice would make every template override itself.
    """
    path: list[Path] = []
    for folder in (*given, *project):
        resolved = folder.resolve()
        if resolved != BUILTIN and resolved not in path:
            path.append(resolved)
    return tuple(path)


class Settings:
    """Resolves the options of one run for each spec, reading each project once."""

    def __init__(
        self,
        formats: tuple[str, ...] = (),
        output: Path | str | None = None,
        templates: tuple[Path, ...] = (),
    ) -> None:
        self.formats, self.output, self.templates = formats, output, templates
        self._projects: dict[Path, Project] = {}
        self._template_sets: dict[tuple[Path, ...], TemplateSet] = {}

    def project(self, place: Path) -> Project:
        """The project a spec (or a folder's would-be spec) belongs to."""
        root = project_root(place)
        if root not in self._projects:
            self._projects[root] = Project.at(root)
        return self._projects[root]

    def template_set(self, folders: tuple[Path, ...]) -> TemplateSet:
        """One TemplateSet per search path."""
        if folders not in self._template_sets:
            self._template_sets[folders] = TemplateSet(folders)
        return self._template_sets[folders]

    def for_spec(self, spec: Path) -> Resolved:
        """The formats, output folder and templates for one spec."""
        project = self.project(spec)
        folders = search_path(self.templates, project.template_folders())
        output = self.output if self.output is not None else project.output()
        return Resolved(
            project=project,
            formats=self.formats or project.config.formats or DEFAULT_FORMATS,
            output=output,
            templates=self.template_set(folders),
        )


__all__ = ["Project", "Resolved", "Settings", "search_path"]
