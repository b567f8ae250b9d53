"""The engines, fonts and file digests a fingerprint needs, remembered between runs.

Fingerprinting a letter (run/fingerprint.py) asks for the engines' versions
(package metadata; Pango's and HarfBuzz's libraries, loaded to ask them), the
font files fontconfig offers for the letter's language (an fc-list) and the
SHA-256 of every file in its template folders: tens of milliseconds, more
than the rest of a cold text letter's planning. Each answer is kept in the
user's cache folder (letterkit/usercache.py) with a stamp of what it was
read from, and while the stamp is the same the answer is:

- engines: ``sys.path`` and the change time of each of its folders (installing
  or upgrading a package adds or renames a folder there), the dynamic
  loader's cache, and the library files that answered (an upgrade replaces them);
- fonts: fontconfig's configuration files and font folders, judged as
  fontconfig judges its own cache current (a font added, removed or renamed
  changes its folder's time), and the places a user's configuration may appear;
- what a file is (its digest, whether it is a spec): while its real path,
  size, inode, change and modification times are the same. A file changed
  in the last few seconds is read anew every time: a second change within
  the file system's clock tick would not move its times.

Where the stamp cannot be taken (no /proc, no fontconfig library) the answer
is asked for every run, as without a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letterkit import __version__, boundary, usercache

if TYPE_CHECKING:
    import ctypes

FOLDER = "facts"
RECENT_NS = 3_000_000_000
"""A file changed this recently (nanoseconds) is not remembered: see the module's docstring."""
MAX_FILES = 1024
"""Answers about files remembered; the oldest are forgotten first. Every run reads them
all, so they stay few: a folder's digest is one answer, whatever its files."""
LIBRARIES = ("libpango-1.0", "libharfbuzz", "libfontconfig")
"""The native libraries whose files the engines' answer depends on."""
LOADER_CACHE = "/etc/ld.so.cache"
FONTCONFIG_ENV = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")


def _stat(path: str) -> str:
    """A path's identity and times, or that it is missing."""
    try:
        info = Path(path).stat()
    except OSError:
        return f"{path}\0missing"
    return f"{path}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"


def _lstat(path: str) -> tuple[str, int]:
    """A path's identity and times, symlinks as themselves; and its latest time."""
    try:
        info = os.lstat(path)
    except OSError:
        return f"{path}\0missing\n", 0
    times = f"{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
    line = f"{path}\0{info.st_mode}\0{info.st_dev}\0{info.st_ino}\0{times}\n"
    return line, max(info.st_mtime_ns, info.st_ctime_ns)


def _stamp(paths: Iterable[str], *extra: str) -> str:
    return "\n".join([f"letterkit {__version__}", *extra, *(_stat(p) for p in paths)])


def _entry(name: str) -> Path | None:
    folder = usercache.cache_folder(FOLDER)
    return folder / name if usercache.private_folder(folder) else None


def _load(name: str) -> dict[str, Any]:
    path = _entry(name)
    data = None if path is None else usercache.read(path)
    try:
        found = json.loads(data) if data else {}
    except (ValueError, RecursionError):
        return {}
    return found if isinstance(found, dict) else {}


def _save(name: str, value: dict[str, Any]) -> None:
    path = _entry(name)
    if path is not None:
        with suppress(OSError):
            usercache.write(path, json.dumps(value).encode())


def load(name: str) -> dict[str, Any]:
    """The cache entry ``name`` kept in this folder (empty when absent, broken or foreign)."""
    return _load(f"{name}.json")


def save(name: str, value: dict[str, Any]) -> None:
    """Keep the cache entry ``name`` (nothing when the folder cannot be used)."""
    _save(f"{name}.json", value)


def forget_oldest(prefix: str, keep: int) -> None:
    """Remove the entries named ``prefix``... beyond the ``keep`` most recently saved."""
    folder = usercache.cache_folder(FOLDER)
    if not usercache.private_folder(folder):
        return
    with suppress(OSError):
        found = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
        if len(found) <= keep:
            return
        found.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns)
        for entry in found[:-keep]:
            with suppress(OSError):
                Path(entry.path).unlink()


def _remembered(
    name: str,
    watched: Callable[[], list[str] | None],
    ask: Callable[[], tuple[str, ...]],
    environment: tuple[str, ...],
) -> tuple[str, ...]:
    """``ask()``, or the answer kept under ``name`` while what it was read from is unchanged.

    ``watched()`` lists the paths the answer depends on, once it was asked
    (None: it cannot tell, so nothing is kept); ``environment`` is what else
    it depends on.
    """
    # Each environment keeps its own answer (`letterkit` and `python -m letterkit` differ).
    name = f"{name}-{hashlib.sha256(repr(environment).encode()).hexdigest()[:16]}.json"
    kept = _load(name)
    paths = kept.get("paths")
    if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
        answer = kept.get("answer")
        if kept.get("stamp") == _stamp(paths, *environment) and isinstance(answer, list):
            return tuple(str(a) for a in answer)
    answer = ask()
    found = watched()
    if found is not None:
        stamp = _stamp(found, *environment)
        _save(name, {"stamp": stamp, "paths": found, "answer": list(answer)})
    return answer


def _environment(*names: str) -> tuple[str, ...]:
    return tuple(f"{name}={os.environ.get(name, '')}" for name in names)


def _python() -> tuple[str, ...]:
    """What outside the files decides where packages and libraries are found."""
    return (sys.executable, *sys.path, *_environment("LD_LIBRARY_PATH"))


def _fontconfig() -> tuple[str, ...]:
    """What outside the files decides which configuration fontconfig reads."""
    return _environment(*FONTCONFIG_ENV, "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")


def _loaded_libraries() -> list[str] | None:
    """The files of the native libraries this process has loaded (None without /proc)."""
    try:
        maps = Path("/proc/self/maps").read_text("utf-8", "replace")
    except OSError:
        return None
    files = {line.split(maxsplit=5)[-1] for line in maps.splitlines() if "/" in line}
    return sorted(f for f in files if any(f"/{lib}" in f for lib in LIBRARIES))


def _engine_paths() -> list[str] | None:
    libraries = _loaded_libraries()
    if libraries is None:
        return None
    return [*(p for p in sys.path if p), LOADER_CACHE, *libraries]


def _doctor(name: str) -> Callable[..., tuple[str, ...]]:
    """One of the doctor's questions, imported only when it is asked (ctypes, subprocess)."""

    def ask(*args: str) -> tuple[str, ...]:
        from letterkit import doctor  # noqa: PLC0415

        asked: tuple[str, ...] = getattr(doctor, name)(*args)
        return asked

    return ask


def engines() -> tuple[str, ...]:
    """Every engine version a letter depends on (doctor.engines), remembered."""
    return _remembered("engines", _engine_paths, _doctor("engines"), _python())


def _font_paths() -> list[str] | None:
    """The configuration files and font folders of fontconfig, and where a user's may appear."""
    import ctypes  # noqa: PLC0415 -- only when the fonts are asked again

    try:
        fc = ctypes.CDLL("libfontconfig.so.1")
    except OSError:  # fontconfig elsewhere: asked every run
        return None
    fc.FcInitLoadConfig.restype = ctypes.c_void_p
    fc.FcStrListNext.restype = ctypes.c_char_p
    fc.FcStrListNext.argtypes = [ctypes.c_void_p]
    fc.FcStrListDone.argtypes = [ctypes.c_void_p]
    fc.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = fc.FcInitLoadConfig()
    if not config:
        return None
    files, roots = (_strings(fc, name, config) for name in ("ConfigFiles", "FontDirs"))
    fc.FcConfigDestroy(config)
    # Every folder below the font folders: a font added or removed changes one of them.
    folders = [top for root in roots for top, _dirs, _files in os.walk(root)]
    return sorted({*files, *roots, *folders, *_user_config()})


def _strings(fc: ctypes.CDLL, name: str, config: int) -> list[str]:
    """One of fontconfig's lists of paths (FcConfigGetConfigFiles...)."""
    import ctypes  # noqa: PLC0415 -- only when the fonts are asked again

    function = getattr(fc, f"FcConfigGet{name}")
    function.restype, function.argtypes = ctypes.c_void_p, [ctypes.c_void_p]
    listed = function(config)
    found = []
    while value := fc.FcStrListNext(listed):
        found.append(os.fsdecode(value))
    fc.FcStrListDone(listed)
    return found


def _user_config() -> list[str]:
    home = Path.home()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return [str(config / "fontconfig"), str(home / ".fonts.conf"), str(home / ".fonts.conf.d")]


def with_fonts(name: str, ask: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
    """``ask()``, remembered while fontconfig's configuration and font folders are unchanged."""
    return _remembered(name, _font_paths, ask, _fontconfig())


def font_files(language: str) -> tuple[str, ...]:
    """The font files fontconfig may pick for a language (doctor.font_files), remembered."""
    tag = hashlib.sha256(language.encode()).hexdigest()[:16]
    return with_fonts(f"fonts-{tag}", lambda: _doctor("font_files")(language))


class FileFacts:
    """What is known of files (their SHA-256, their kind), remembered by each file's identity."""

    def __init__(self) -> None:
        self._kept: dict[str, str] | None = None
        self._new = False

    def _known(self) -> dict[str, str]:
        if self._kept is None:
            found = _load("files.json")
            self._kept = {k: v for k, v in found.items() if isinstance(v, str)}
        return self._kept

    def digest(self, path: Path, roots: Sequence[Path], limit: int) -> str | None:
        """boundary.digest's answer, from memory while the file is the same."""
        return self.about(
            path, roots, f"sha256 {limit}", lambda: boundary.digest(path, roots, limit)
        )

    def about(
        self, path: Path, roots: Sequence[Path], what: str, ask: Callable[[], str | None]
    ) -> str | None:
        """``ask()``'s answer on ``what`` a file is, from memory while the file is the same.

        A file the boundary refuses (outside ``roots``, hidden) has no answer;
        one that is not a regular file is asked every time.
        """
        try:
            resolved = boundary.resolve(path, roots)
            info = resolved.stat()
        except (OSError, boundary.Refused):
            return None
        if not stat.S_ISREG(info.st_mode):
            return ask()
        times = f"{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
        key = f"{resolved}\0{info.st_dev}\0{info.st_ino}\0{times}\0{what}"
        known = self._known()
        if key in known:
            return known[key]
        found = ask()
        recent = time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < RECENT_NS
        if found is not None and not recent:
            known[key] = found
            self._new = True
        return found

    def about_folder(self, folder: Path, roots: Sequence[Path], ask: Callable[[], str]) -> str:
        """``ask()``'s answer on a folder's files, from memory while none of them changed.

        The folder is judged by where it and ``roots`` lead, and by the identity
        and times of every folder and file below it (symlinks as themselves):
        what the boundary would decide of each file is then unchanged too.
        """
        stamp = hashlib.sha256()
        recent = False
        now = time.time_ns()
        for path in (folder, *roots):
            stamp.update(f"{boundary.real(path)}\n".encode("utf-8", "surrogatepass"))
        for top, dirs, files in os.walk(folder):
            dirs.sort()
            for name in ["", *sorted(files)]:
                line = _lstat(str(Path(top, name)) if name else top)
                recent = recent or now - line[1] < RECENT_NS
                stamp.update(line[0].encode("utf-8", "surrogatepass"))
        key = f"folder\0{stamp.hexdigest()}"
        known = self._known()
        if key in known:
            return known[key]
        found = ask()
        if not recent:
            known[key] = found
            self._new = True
        return found

    def save(self) -> None:
        """Keep what was learnt for the next run (the newest MAX_FILES answers)."""
        if self._new and self._kept is not None:
            kept = list(self._kept.items())[-MAX_FILES:]
            _save("files.json", dict(kept))
            self._new = False


FILES = FileFacts()
"""What this process learnt of files, shared by the fingerprints and the spec discovery."""
