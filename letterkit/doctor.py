"""What the PDF engine runs on: library versions and the scripts the installed fonts cover.

Nothing here imports WeasyPrint: its version comes from the package metadata,
Pango's and HarfBuzz's from the shared libraries WeasyPrint loads, and font
coverage from fontconfig's fc-list, which answers "which fonts support this
language" the same way Pango picks fonts when it typesets a letter.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import shutil
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import msgspec

from letterkit import __version__

NEEDED = (
    ("Latin", "en"),
    ("Arabic", "ar"),
    ("Arabic: Persian", "fa"),
    ("Arabic: Urdu", "ur"),
    ("Arabic: Pashto", "ps"),
    ("Hebrew", "he"),
    ("Devanagari", "hi"),
    ("Bengali", "bn"),
    ("Thai", "th"),
    ("Chinese", "zh-cn"),
    ("Japanese", "ja"),
    ("Korean", "ko"),
)
"""Scripts the built-in stylesheet names fonts for; a missing one is a problem."""
OTHERS = (
    ("Greek", "el"),
    ("Cyrillic", "ru"),
    ("Armenian", "hy"),
    ("Georgian", "ka"),
    ("Ethiopic", "am"),
    ("Tamil", "ta"),
)
"""Further scripts, reported for information."""
DEBIAN_PACKAGES = {"zh-cn": "fonts-noto-cjk", "ja": "fonts-noto-cjk", "ko": "fonts-noto-cjk"}
"""The Debian package with the fonts for a language; fonts-noto-core for the rest."""
CORE_PACKAGE = "fonts-noto-core"
SHOWN = 4
"""Font families named per script; the rest are counted."""


class Coverage(msgspec.Struct, frozen=True):
    """The font families fontconfig offers for one language."""

    script: str
    language: str
    families: tuple[str, ...]
    needed: bool


class Report(msgspec.Struct, frozen=True):
    """What ``letterkit doctor`` found."""

    versions: tuple[tuple[str, str | None], ...]
    """(component, version or None when it could not be found)."""
    coverage: tuple[Coverage, ...]

    @property
    def ok(self) -> bool:
        """Every library found and every needed script covered."""
        return all(v for _, v in self.versions) and all(
            c.families for c in self.coverage if c.needed
        )

    def as_json(self) -> str:
        """The report as a JSON document."""
        data = {
            "ok": self.ok,
            "versions": dict(self.versions),
            "scripts": [
                {
                    "script": c.script,
                    "language": c.language,
                    "needed": c.needed,
                    "families": list(c.families),
                }
                for c in self.coverage
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def lines(self) -> list[str]:
        """The report as lines of text."""
        out = [f"{name} {version or 'NOT FOUND'}" for name, version in self.versions]
        out += ["", "Fonts by script (fontconfig):"]
        for c in self.coverage:
            label = f"  {c.script} ({c.language})"
            out.append(f"{label:<26}{_families(c)}")
        return out


def package_for(language: str) -> str:
    """The Debian package that installs a font for a language."""
    return DEBIAN_PACKAGES.get(language, CORE_PACKAGE)


def _families(coverage: Coverage) -> str:
    names = coverage.families
    if not names:
        install = f"apt-get install {package_for(coverage.language)}"
        if coverage.needed:
            return f"NONE: letters in this script would show empty boxes; {install}"
        return f"none ({install})"
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def _library(names: tuple[str, ...]) -> ctypes.CDLL | None:
    # A file name (libpango-1.0.so.0) is opened as it is, first: find_library runs
    # ldconfig or a compiler to find one, which every fingerprinted run paid for.
    files = [name for name in names if ".so" in name]
    for name in [*files, *(n for n in names if n not in files)]:
        path = name if name in files else ctypes.util.find_library(name) or name
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def _call_string(names: tuple[str, ...], function: str) -> str | None:
    library = _library(names)
    if library is None:
        return None
    call = getattr(library, function)
    call.restype = ctypes.c_char_p
    value: bytes = call()
    return value.decode()


def versions() -> tuple[tuple[str, str | None], ...]:
    """letterkit's, WeasyPrint's, Pango's and HarfBuzz's versions."""
    try:
        weasyprint: str | None = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        weasyprint = None
    return (
        ("letterkit", __version__),
        ("WeasyPrint", weasyprint),
        ("Pango", _call_string(("pango-1.0", "libpango-1.0.so.0"), "pango_version_string")),
        ("HarfBuzz", _call_string(("harfbuzz", "libharfbuzz.so.0"), "hb_version_string")),
        ("fontconfig (fc-list)", "installed" if shutil.which("fc-list") else None),
    )


ENGINE_PACKAGES = ("weasyprint", "pydyf", "babel", "fonttools", "pyphen", "wcwidth", "jinja2")
"""The packages whose upgrade can change a letter's bytes or wording."""


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


_KEPT: dict[tuple[str, ...], tuple[str, ...]] = {}
"""Engine versions and font lists, kept once keep_facts() was called."""
_KEEPING: list[bool] = []


def keep_facts() -> None:
    """Ask the engines and fontconfig once, then answer from memory, for this process's life.

    Only for a process that notices on its own when an answer may have
    changed: the background worker re-checks its files (the packages, the
    libraries, the font folders) on every request and exits if any changed.
    A run otherwise asks afresh, which costs a library search and an fc-list
    per language (tens of milliseconds).
    """
    _KEEPING.append(True)


def _kept(key: tuple[str, ...], ask: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
    if not _KEEPING:
        return ask()
    if key not in _KEPT:
        _KEPT[key] = ask()
    return _KEPT[key]


def engines() -> tuple[str, ...]:
    """Every engine version a letter depends on, as "name version" (no WeasyPrint import)."""
    return _kept(("engines",), _engines)


def _engines() -> tuple[str, ...]:
    # Babel's own version does not always move with its CLDR data; both count.
    from babel.core import get_cldr_version  # noqa: PLC0415 (only runs that fingerprint need it)

    return (
        *(f"{name} {_package(name)}" for name in ENGINE_PACKAGES),
        f"CLDR {get_cldr_version()}",
        f"Pango {_call_string(('pango-1.0', 'libpango-1.0.so.0'), 'pango_version_string')}",
        f"HarfBuzz {_call_string(('harfbuzz', 'libharfbuzz.so.0'), 'hb_version_string')}",
    )


def font_files(language: str) -> tuple[str, ...]:
    """The font files fontconfig may pick for a language: path, size and change time each."""
    return _kept(("fonts", language), lambda: _font_files(language))


def _font_files(language: str) -> tuple[str, ...]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    done = subprocess.run(
        [fc_list, f":lang={language}", "file"], capture_output=True, text=True, check=False
    )
    files = []
    for line in sorted(set(done.stdout.splitlines())):
        path = Path(line.strip().rstrip(":"))
        try:
            stat = path.stat()
        except OSError:
            continue
        files.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return tuple(files)


def families(language: str) -> tuple[str, ...]:
    """The font families fontconfig says support a language, first names, sorted."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    done = subprocess.run(
        [fc_list, f":lang={language}", "family"],
        capture_output=True,
        text=True,
        check=False,
    )
    return tuple(sorted({line.split(",")[0].strip() for line in done.stdout.splitlines() if line}))


def report() -> Report:
    """Versions and script coverage of this machine."""
    coverage = tuple(
        Coverage(script, language, families(language), needed)
        for group, needed in ((NEEDED, True), (OTHERS, False))
        for script, language in group
    )
    return Report(versions(), coverage)
