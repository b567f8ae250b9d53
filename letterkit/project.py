"""A spec's project: the folder its templates, config and resources live in, and letterkit.toml.

The project root is the nearest folder above a spec holding letterkit.toml
or .git. Its letterkit.toml holds defaults for every letter of the project::

    output = "out"              # folder for the outputs, relative to the project root
    formats = ["pdf", "txt"]
    templates = ["templates"]   # template folders, relative to the project root
    language = "en"             # for specs that do not say
    page_size = "a4"            # for specs that do not say (layout.page_size)
    text_width = 72             # for specs that do not say (layout.text_width)

    [smtp]                      # the mail server of letterkit send
    host = "smtp.example.org"
    username = "letters@example.org"

The command line beats the config, and the config beats the built-in
defaults. A spec's own language and layout beat the config too: the config
only fills what the spec leaves out. Unknown keys and wrong values are
errors naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import msgspec

from letterkit import boundary
from letterkit.compose.templates import BUILTIN
from letterkit.defaults import CONFIG_FILE, PROJECT_MARKERS, PROJECT_TEMPLATES, STDOUT
from letterkit.errors import UsageError
from letterkit.render import FORMATS
from letterkit.spec import Loaded, Position, Spec, problems_from, reported, with_defaults
from letterkit.spec.base import Elsewhere, Invalid, Model, Refusal, spec_class
from letterkit.spec.fast import validated

if TYPE_CHECKING:
    from letterkit.send.settings import Smtp
else:
    # The [smtp] table is a pydantic model of letterkit.send, loaded (with pydantic)
    # only by a config that has one: its annotation names it through Elsewhere.
    Smtp = object

MAX_CONFIG_BYTES = 64 * 1024


def project_root(spec: Path) -> Path:
    """The nearest folder above the spec holding letterkit.toml or .git, else the spec's folder.

    The search stops at the first of either: a repository may hold several
    letter projects, each with its own letterkit.toml, and nothing above a
    repository's own folder (a letterkit.toml in the home folder, say) is
    ever part of its project.
    """
    folder = spec.resolve().parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    return folder


SPEC_DEFAULTS: dict[str, tuple[str, ...]] = {
    "language": ("language",),
    "page_size": ("layout", "page_size"),
    "text_width": ("layout", "text_width"),
}
"""Config keys that are defaults for spec fields, and where the spec keeps them."""

_PLACEHOLDER = {"sender": {"name": "-"}, "recipient": {"name": "-"}}
_SYNTAX_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)")
_KEY_LINE = re.compile(r"""\s*\[*\s*["']?([A-Za-z0-9_-]+)["']?\s*[=\]]""")


class ConfigError(UsageError):
    """letterkit.toml is not valid TOML or says something letterkit does not know."""


def nested(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A value placed at a path of keys: ("layout", "page_size") -> {"layout": {"page_size": v}}."""
    for key in reversed(path):
        value = {key: value}
    assert isinstance(value, dict)
    return value


@spec_class
class Config(Model):
    """What letterkit.toml may say; every key is optional."""

    output: str | None = None
    """Folder for the outputs, relative to the project root (default: next to each spec)."""
    formats: tuple[str, ...] | None = None
    """Output formats (default: pdf and txt)."""
    templates: tuple[str, ...] | None = None
    """Template folders, relative to the project root, first wins (default: templates)."""
    language: str | None = None
    """Language of specs that do not say."""
    page_size: str | None = None
    """layout.page_size of specs that do not say."""
    text_width: int | None = None
    """layout.text_width of specs that do not say."""
    strict: bool = False
    """Fail every letter made with a warning, as --strict does (for CI and the hook)."""
    smtp: Annotated[Smtp, Elsewhere("letterkit.send.settings", "Smtp")] | None = None
    """The mail server letterkit send delivers through (a [smtp] table)."""

    CHECKS: ClassVar[Mapping[str, str]] = {
        "output": "_a_folder",
        "formats": "_known_formats",
        **dict.fromkeys(SPEC_DEFAULTS, "_as_the_spec_says"),
    }

    @classmethod
    def _check(cls, name: str, value: Any, earlier: Mapping[str, Any]) -> Any:
        if name in SPEC_DEFAULTS:  # one rule for these, told which spec field it stands for
            return cls._as_the_spec_says(name, value)
        return super()._check(name, value, earlier)

    @staticmethod
    def _a_folder(value: str | None, earlier: object = None) -> str | None:
        if value == "-":
            raise Invalid(
                "output", 'a folder name, not "-"; write to standard output with -o - instead'
            )
        return value

    @staticmethod
    def _known_formats(value: tuple[str, ...] | None, earlier: object = None) -> Any:
        for fmt in value or ():
            if fmt not in FORMATS:
                raise Invalid(
                    "format",
                    'unknown format "{fmt}"; choose from {known}',
                    {"fmt": fmt, "known": ", ".join(FORMATS)},
                )
        return value

    @staticmethod
    def _as_the_spec_says(name: str, value: Any) -> Any:
        # The spec model is the one judge of what a language or page size may
        # be: the default is checked by validating a spec that holds it.
        try:
            validated(Spec, {**_PLACEHOLDER, **nested(SPEC_DEFAULTS[name], value)})
        except Refusal as exc:
            message = exc.error.errors(include_url=False)[0]["msg"]
            raise Invalid("spec_value", message.removeprefix("Value error, ")) from None
        return value

    def spec_defaults(self) -> dict[str, Any]:
        """The spec fields this config fills in, as spec data."""
        defaults: dict[str, Any] = {}
        for key, path in SPEC_DEFAULTS.items():
            value = getattr(self, key)
            if value is not None:
                defaults = with_defaults(defaults, nested(path, value))
        return defaults


def _key_lines(text: str) -> dict[str, Position]:
    """Where each top-level key is written.

    tomllib reports no positions. The config is a flat file, so a key is
    found by the line that starts with ``key =`` (or ``[key]`` for a table,
    which is an unknown key). A line inside a multi-line string could fool
    this; that would only misplace a message, never change a value.
    """
    lines: dict[str, Position] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _KEY_LINE.match(line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = Position(number, match.start(1) + 1)
    return lines


def _parse(path: Path, text: str) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 -- only a project with a letterkit.toml reads one

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _SYNTAX_AT.search(str(exc))
        line = int(where.group(1)) if where and where.group(1) else text.count("\n") + 1
        column = int(where.group(2)) if where and where.group(2) else None
        message = _SYNTAX_AT.sub("", str(exc)).strip()
        raise ConfigError.at(path, f"TOML syntax error: {message}", line, column) from None


def load_config(path: Path) -> Config:
    """Read and validate a letterkit.toml; every problem is a ConfigError with its line."""
    try:
        text = boundary.read_text(path, [path.parent], MAX_CONFIG_BYTES)
    except boundary.TooLarge:
        raise ConfigError.at(
            path, f"larger than {MAX_CONFIG_BYTES} bytes; is it a config?"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError.at(path, f"cannot read: {exc}") from None
    data = _parse(path, text)
    positions = _key_lines(text)
    try:
        config = validated(Config, data)
    except Refusal as exc:
        loaded = Loaded(path, data, {(k,): p for k, p in positions.items()}, {})
        loaded.keys = dict(loaded.values)
        raise ConfigError(reported(problems_from(exc, loaded, Config))) from None
    for key, folder in [*(("templates", f) for f in config.templates or ()), ("output", None)]:
        _check_folder(path, key, folder or config.output, positions.get(key, Position(1, 1)))
    return config


def _check_folder(path: Path, key: str, folder: str | None, where: Position) -> None:
    """A folder the config names must be inside the project, as written and as it resolves."""
    if folder is None:
        return
    root = path.parent
    try:
        boundary.resolve(root / folder, [root])
        outside = not boundary.lexical(root / folder).is_relative_to(boundary.lexical(root))
    except boundary.Refused as exc:
        outside, why = True, exc.problems[0].message.removeprefix("refused: ")
    else:
        why = "it leads outside the project"
    if outside:
        message = (
            f'{key}: "{folder}" is not a folder of this project ({why}); name one inside {root}'
        )
        raise ConfigError.at(path, message, where.line, where.column)
    if key == "templates" and not (root / folder).is_dir():
        message = f'templates: no folder "{folder}" in {root}; create it or fix the name'
        raise ConfigError.at(path, message, where.line, where.column)


def config_file(root: Path) -> Path | None:
    """The project's letterkit.toml, if it has one."""
    path = root / CONFIG_FILE
    return path if path.is_file() else None


class Project(msgspec.Struct, frozen=True):
    """A project root and what its config says."""

    root: Path
    config: Config = msgspec.field(default_factory=Config)
    config_path: Path | None = None
    """Its letterkit.toml, if it has one."""

    @classmethod
    def at(cls, root: Path) -> Project:
        """The project rooted at ``root``, its letterkit.toml read when it has one."""
        path = config_file(root)
        return cls(root, load_config(path) if path else Config(), path)

    @classmethod
    def of(cls, place: Path) -> Project:
        """The project a spec (or a folder's would-be spec) belongs to."""
        return cls.at(project_root(place))

    def template_folders(self) -> tuple[Path, ...]:
        """The project's template folders: those the config names, else templates/ if present."""
        if self.config.templates is not None:
            return tuple(self.root / folder for folder in self.config.templates)
        default = self.root / PROJECT_TEMPLATES
        return (default,) if default.is_dir() else ()

    def output(self, given: Path | str | None = None) -> Path | str | None:
        """The output folder: the command line's, else the config's, else None (next to specs).

        A folder inside the project must resolve inside it: a committed
        ``out -> ~/Desktop`` symlink is refused, not written through.
        """
        if given is None and self.config.output is not None:
            given = self.root / self.config.output
        if given is None or given == STDOUT:
            return given
        boundary.confined(Path(given), self.root)
        return Path(given)

    def search_path(self, given: tuple[Path, ...]) -> tuple[Path, ...]:
        """--templates folders, then the project's; each once, never the built-in folder itself.

        In a checkout of letterkit the project's templates/ is the built-in
        folder; listing it twice would make every template override itself.
        """
        path: list[Path] = []
        for folder in (*given, *self.template_folders()):
            # A folder inside the project must stay inside it (a committed symlink to
            # /etc does not); one the user names outside it is the user's choice.
            resolved = boundary.confined(folder, self.root)
            if resolved != BUILTIN and resolved not in path:
                path.append(resolved)
        return tuple(path)


__all__ = [
    "CONFIG_FILE",
    "SPEC_DEFAULTS",
    "Config",
    "ConfigError",
    "Project",
    "config_file",
    "load_config",
    "project_root",
]
