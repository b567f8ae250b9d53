"""What each spec is rendered with: the command line over its project's config over defaults.

One run may render specs of several projects. Each project's letterkit.toml
is read once per run, and one TemplateSet is made per distinct search path:
its Jinja environment keeps compiled templates, so letters that share a
project share them. A new run reads everything afresh; a watch keeps its template sets (and
their compiled templates) from one render to the next.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from letterkit.compose.templates import TemplateSet, TemplateSets
from letterkit.defaults import DEFAULT_FORMATS
from letterkit.project import Project, project_root


class Resolved(msgspec.Struct, frozen=True):
    """Everything one spec is rendered with, found once when the run is planned."""

    project: Project
    formats: tuple[str, ...]
    output: Path | str | None
    templates: TemplateSet
    roots: tuple[Path, ...]
    """The folders the letter may load files from: the spec's, its project's, its templates'."""

    def spec_defaults(self, given: dict[str, Any]) -> dict[str, Any]:
        """Spec fields filled in where the spec leaves them out: the run's over the config's."""
        return {**self.project.config.spec_defaults(), **given}


class Settings:
    """Resolves the options of one run for each spec, reading each project once."""

    def __init__(
        self,
        formats: tuple[str, ...] = (),
        output: Path | str | None = None,
        templates: tuple[Path, ...] = (),
        kept: TemplateSets | None = None,
    ) -> None:
        self.formats, self.output, self.templates = formats, output, templates
        self._projects: dict[Path, Project] = {}
        self.template_sets: TemplateSets = {} if kept is None else kept
        """One TemplateSet per search path, shared with the letters made in this process.

        ``kept`` are the sets of earlier runs of this process (watch): their compiled
        templates are kept (Jinja compiles a template again when its file changes),
        their files looked up afresh."""
        for kept_set in self.template_sets.values():
            kept_set.forget_lookups()

    def project(self, place: Path) -> Project:
        """The project a spec (or a folder's would-be spec) belongs to."""
        root = project_root(place)
        if root not in self._projects:
            self._projects[root] = Project.at(root)
        return self._projects[root]

    def template_set(self, folders: tuple[Path, ...], project: Path) -> TemplateSet:
        """One TemplateSet per search path and project."""
        key = (folders, project)
        if key not in self.template_sets:
            self.template_sets[key] = TemplateSet(folders, project)
        return self.template_sets[key]

    def for_spec(self, spec: Path) -> Resolved:
        """The formats, output folder, templates and resource folders of one spec."""
        project = self.project(spec)
        templates = self.template_set(project.search_path(self.templates), project.root)
        output = project.output(self.output)
        return Resolved(
            project=project,
            formats=self.formats or project.config.formats or DEFAULT_FORMATS,
            output=output,
            templates=templates,
            roots=(spec.parent, project.root, *templates.folders),
        )


__all__ = ["Resolved", "Settings"]
