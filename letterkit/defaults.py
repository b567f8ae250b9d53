"""The one source of defaults, shared by the command line and the Python API."""

from __future__ import annotations

import datetime as dt
import os

from letterkit.errors import UsageError

DEFAULT_FORMATS = ("pdf", "txt")
"""What ``letterkit render`` writes when no --format is given."""
STDOUT = "-"
"""The --output value that writes a single text format to standard output."""
STDIN = "-"
"""The spec argument that reads the spec from standard input."""
STDIN_SPEC_NAME = "<stdin>"
"""How messages name a spec read from standard input; its folder is the current one."""
FORMATS = ("txt", "html", "pdf", "eml")
"""Every output format, named by its file extension (letterkit/render's registry)."""
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "pdf/a-2b")
"""The PDF standards a letter may be written to (the spec model's PdfVariant)."""
REPORTS = ("json", "github")
"""The machine-readable reports a run prints with --report."""
TEXT_FORMATS = ("txt", "html")
"""Formats that may be written to standard output."""
TIME_LIMIT = 10.0
"""Seconds of CPU time a letter may take, its templates and its typesetting together
(a letter takes well under one; a hundred pages about three)."""
OUTPUT_LIMIT = 256_000
"""Characters a letter's templates may write, all parts together: a letter is a few
thousand; this is over a hundred pages, which WeasyPrint typesets in about three seconds."""
MEMORY_LIMIT = 256 * 1024 * 1024
"""Bytes of memory a template may add while it runs."""
LETTER_MEMORY_MB = 1024
"""Megabytes of address space the process making a letter may add to make it (a letter
takes about 170, most of it reserved and never touched)."""
PAGE_LIMIT = 50
"""Pages a letter's PDF may have: a letter is a few; a stylesheet breaking after every
paragraph, or generating content, makes thousands."""
IMAGE_PIXELS = 40_000_000
"""Pixels an image may have, read from its header before it is decoded: a page-sized scan at
600 dpi is 35 million; twelve thousand squared, 144 million, decodes into half a gigabyte."""
RESOURCE_SUFFIXES = frozenset(
    {".j2", ".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
    | {".otf", ".ttf", ".woff", ".woff2"}
)
"""Files in template folders that can change a letter: templates, stylesheets, images, fonts."""
INPUT_SUFFIXES = RESOURCE_SUFFIXES | {".yaml", ".yml", ".toml", ".csv", ".tsv", ".json"}
"""Every file a letter may be made from: resources, specs, data files and letterkit.toml.
Outputs (.pdf, .txt, .html) are not among them, so writing them never triggers a render."""
MAX_RESOURCE_BYTES = 32 * 1024 * 1024
"""The largest file a letter may load (a logo or a font is well under this)."""
MAX_OUTPUT_BYTES = 1024 * 1024 * 1024
"""The largest output letterkit reads back (to tell whether it is its own)."""
PROJECT_TEMPLATES = "templates"
"""A project's template folder, relative to its root, when letterkit.toml names none."""


def source_date() -> dt.date | None:
    """The date of SOURCE_DATE_EPOCH when it is set: reproducible builds use it for "now"."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970; "
            "set it to one or unset it"
        ) from None


def today() -> dt.date:
    """The date of a letter whose spec gives none: SOURCE_DATE_EPOCH's, else today's."""
    return source_date() or dt.date.today()


SCHEMA_FILE = "letterkit.schema.json"
"""The project's copy of the spec's JSON Schema, which editors validate specs with."""

CONFIG_FILE = "letterkit.toml"
PROJECT_MARKERS = (CONFIG_FILE, ".git")
"""A project's folder is the nearest one holding either; nothing above it is the project's."""
