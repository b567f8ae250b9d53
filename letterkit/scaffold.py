"""``letterkit init``: a project folder that renders at once and is ready for git.

It holds letterkit.toml, templates/ with copies of the built-in parts to
edit, an example spec that points editors at the schema, the schema itself,
and a .gitignore for the output folder. Existing files are never replaced
unless asked to.
"""

from __future__ import annotations

from pathlib import Path

from letterkit.compose.templates import BUILTIN
from letterkit.defaults import PROJECT_TEMPLATES
from letterkit.errors import Problem, UsageError
from letterkit.output import write_atomic
from letterkit.project import CONFIG_FILE
from letterkit.spec import SCHEMA_FILE, schema_text

OUTPUT = "out"
EXAMPLE = "letters/example.yaml"
COPIED = (
    "en/subject.j2",
    "en/greeting.j2",
    "en/apology.j2",
    "position.j2",
    "sign_off.j2",
    "en/valediction.j2",
)
"""The built-in parts a new project gets copies of: the English wording and the position."""

CONFIG = f"""\
# letterkit project settings. Options on the command line beat these, and a
# spec's own language: and layout: beat them too.

# Where `letterkit render` writes, relative to this file (default: next to each spec).
output = "{OUTPUT}"
# What it writes: pdf, txt and html.
formats = ["pdf", "txt"]
# Template folders, searched before the built-in templates; the first holding a name wins.
templates = ["{PROJECT_TEMPLATES}"]

# Defaults for specs that leave these out.
language = "en"
# page_size = "a4"    # a4, letter, legal or a5
# text_width = 72     # the column at which the plain-text letter wraps
"""

GITIGNORE = f"""\
# Rendered letters. Remove this line to commit them, and let CI run
# `letterkit render --check letters/*.yaml` to keep them current.
/{OUTPUT}/
"""

SPEC = f"""\
# yaml-language-server: $schema=../{SCHEMA_FILE}
# Render with: letterkit render {EXAMPLE}
# (after upgrading letterkit: letterkit schema > {SCHEMA_FILE})
date: 2026-05-01
subject: Solidarity message to the annual congress
sender:
  name: Workers' Solidarity Network
  short_name: WSN
  address: [1 Example Street, Example City]
recipient:
  name: Example Workers' Union
  short_name: EWU
event:
  kind: congress
  name: Annual Congress of the Example Workers' Union
  short_name: Annual Congress
  city: Example City
  start: 2026-05-20
  end: 2026-05-21
greeting:
  salutation: Dear friends,
apology:
  reasons: [the distance]
  wish: every success
position:
  - Write your position here, one list item per paragraph.
sign_off:
  slogans: [Long live international solidarity!]
"""

EXTRA_CSS = """\
/* Rules added after letterkit's built-in stylesheet: change a few, keep the rest.
   A letter.css in this folder would replace the built-in stylesheet instead
   (see it with: letterkit templates --show letter.css). For example:

.letterhead .name { color: #8b0000; }
@page { margin-top: 30mm; }
*/
"""


def _copy_header(name: str) -> str:
    return (
        f"{{#- Your copy of letterkit's built-in {name}: edit it to change every letter\n"
        "    of this project. Delete it to follow the built-in again, or build on the\n"
        f'    built-in with {{% extends "builtin/{name}" %}}. -#}}\n'
    )


def files() -> dict[str, str]:
    """Every file a new project gets, by path relative to its folder."""
    copies = {
        f"{PROJECT_TEMPLATES}/{name}": _copy_header(name) + (BUILTIN / name).read_text("utf-8")
        for name in COPIED
    }
    return {
        CONFIG_FILE: CONFIG,
        ".gitignore": GITIGNORE,
        SCHEMA_FILE: schema_text(),
        EXAMPLE: SPEC,
        **copies,
        f"{PROJECT_TEMPLATES}/extra.css": EXTRA_CSS,
    }


def init(folder: Path, *, force: bool = False) -> list[Path]:
    """Write a new project into ``folder``; refuse to replace any file unless ``force``."""
    planned = {folder / name: text for name, text in files().items()}
    existing = [path for path in planned if path.exists() or path.is_symlink()]
    if existing and not force:
        raise UsageError(
            Problem(path, "already exists; nothing was written (--force replaces it)")
            for path in existing
        )
    for path, text in planned.items():
        write_atomic(path, text.encode("utf-8"))
    return list(planned)
