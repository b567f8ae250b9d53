"""Output file names: a pattern filled in for each letter, made safe for every file system.

A pattern such as ``{stem}-{recipient.short_name}`` is filled in with the
letter's values and then made safe, deliberately and the same way on every
system:

- compatibility forms are folded (NFKC): a full-width solidus (U+FF0F) becomes ``/``
  before it is judged, and the Arabic presentation forms become letters;
- letters, combining marks and digits of every script are kept, so Persian,
  Arabic or Devanagari names stay readable as they are written — nothing is
  transliterated; ``-``, ``_`` and ``.`` are kept;
- invisible characters are dropped: control characters, bidi overrides and
  isolates (which could make ``gpj.exe`` display as ``exe.jpg``), private-use
  and unassigned code points — except the zero-width non-joiner and joiner
  between two letters, which are part of the spelling (the Persian half-space
  in "هفت‌تپه");
- everything else (spaces, slashes, backslashes, colons, quotes,
  punctuation, symbols, emoji) becomes ``-``, runs of ``-`` become one, and
  leading or trailing dots, dashes and underscores go: no hidden files, no
  ``..``, no name ending in a dot (Windows drops it);
- a name is at most 150 bytes of UTF-8, so name + extension fits every
  file system's 255-byte limit; a Windows device name (CON, NUL, COM1...)
  before the first dot gets a ``_`` (``nul.txt`` becomes ``nul_.txt``).

Whatever made the stem (a pattern or the spec's own name), the file name
with its extension is judged once more before anything is written
(``file_name``): one plain name that stays inside its folder.

Letters differing only in case or Unicode normalisation are still one file
on macOS and Windows, so two names collide when they are equal after NFC
normalisation and case folding.
"""

from __future__ import annotations

import hashlib
import re
import string
import struct
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from letterkit.errors import BIDI_CONTROLS, Problem, SafetyError, SpecError
from letterkit.output import RESERVED_PREFIX
from letterkit.render import outputs_of

DEFAULT_MERGE_PATTERN = "{stem}-{recipient.short_name}"
"""The output name of a mail merge letter when the spec sets no output_name."""
MAX_FILE_BYTES = 255
"""Every common file system's limit for one name."""
MAX_NAME_BYTES = 150
"""A filled-in pattern's limit: it leaves room for an extension within MAX_FILE_BYTES."""
KEPT = "-_."
INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cn", "Cs"})
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{i}" for d in ("com", "lpt") for i in range(10)}
)
FIELDS_HELP = "{stem}, {n}, {recipient.name}, {recipient.short_name}, {vars.NAME}"
_DASHES = re.compile(r"-{2,}")
JOINERS = "\u200c\u200d"
# A letter is [^\W\d_]: a word character that is neither a digit nor "_".
_LOOSE_JOINERS = re.compile(rf"(?<![^\W\d_])[{JOINERS}]+|[{JOINERS}]+(?![^\W\d_])")


def fill(pattern: str, values: Mapping[str, str], where: Path | str) -> str:
    """The pattern with each {field} replaced by its value; SpecError for an unknown field."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise SpecError.at(where, f'output_name "{pattern}": {exc}; write {{ as {{{{') from None
    out: list[str] = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if spec or conversion:
            raise SpecError.at(where, f'output_name "{pattern}": write fields plain, as {{{name}}}')
        if name not in values:
            raise SpecError.at(where, f'output_name: unknown field "{{{name}}}"; use {FIELDS_HELP}')
        out.append(values[name])
    return "".join(out)


def _bounded(name: str) -> str:
    encoded = name.encode("utf-8")
    if len(encoded) <= MAX_NAME_BYTES:
        return name
    return encoded[:MAX_NAME_BYTES].decode("utf-8", errors="ignore")


def safe_name(text: str) -> str:
    """A file name made of the text's readable part (see the module's rules); may be empty."""
    kept = []
    for char in unicodedata.normalize("NFKC", text):
        kind = unicodedata.category(char)
        if kind[0] in "LMN" or char in KEPT or char in JOINERS:
            kept.append(char)
        elif kind not in INVISIBLE:
            kept.append("-")
    joined = _LOOSE_JOINERS.sub("", "".join(kept))  # a joiner only between two letters
    name = _bounded(_DASHES.sub("-", joined).strip(KEPT)).strip(KEPT)
    # Windows judges the part before the first dot: "aux.txt" is the device AUX too.
    base, dot, rest = name.partition(".")
    if base.casefold() in WINDOWS_DEVICES:
        name = f"{base}_{dot}{rest}"
    return unicodedata.normalize("NFC", name)


def output_name(pattern: str, values: Mapping[str, str], where: Path | str, label: str) -> str:
    """The safe file name (without extension) of one letter."""
    name = safe_name(fill(pattern, values, where))
    if not name:
        raise SpecError.at(
            where,
            f'output_name "{pattern}" leaves no usable file name for {label}; '
            'add a field that has letters or digits, e.g. "{stem}-{n}"',
        )
    return name


def targets(
    folder: Path, stem: str, formats: tuple[str, ...], languages: tuple[str, ...], where: str
) -> dict[str, Path]:
    """A letter's files by output key, each format's named by ``stem``.

    A letter in several languages gets a text twin per language
    (letter.en.txt, letter.fr.txt) beside its one PDF.
    """
    return {
        key: folder / file_name(f"{stem}.{language}" if language else stem, fmt, where)
        for fmt in formats
        for key, language in outputs_of(fmt, languages)
    }


def file_name(stem: str, extension: str, where: Path | str) -> str:
    """The output file name of a stem: one plain name that stays inside its folder.

    ``where`` names what the stem came from, for the message.
    """
    name = f"{stem}.{extension}"
    problem = _name_problem(stem, name)
    if problem:
        raise SafetyError.at(where, f"refused output name {name!r}: {problem}")
    return name


def unsafe_name(stem: str) -> bool:
    """Whether a stem would be refused as an output name (not merely unportable)."""
    return _name_problem(stem, stem) is not None


def _name_problem(stem: str, name: str) -> str | None:
    if not stem.strip() or stem in (".", ".."):
        return "it is empty or only dots"
    if "/" in name or "\\" in name or "\0" in name:
        return "it holds a path separator or NUL"
    if any(unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS for c in name):
        return "it holds a control or text-direction character"
    if name.startswith(RESERVED_PREFIX):
        return f'names starting with "{RESERVED_PREFIX}" are kept for letterkit'
    if len(name.encode("utf-8", "surrogateescape")) > MAX_FILE_BYTES:
        return f"it is longer than {MAX_FILE_BYTES} bytes"
    return None


def same_file_key(path: Path) -> str:
    """Paths with equal keys are one file on a case-insensitive, normalising file system."""
    return unicodedata.normalize("NFC", str(path)).casefold()


SET_APART = 'make output_name tell them apart, e.g. output_name: "{stem}-{n}"'


def file_digest(path: Path) -> bytes:
    """The same-file key of a path, hashed: a run keeps one per file it writes, not the path."""
    return hashlib.blake2b(same_file_key(path).encode(), digest_size=16).digest()


_HALVES = struct.Struct("<QQ")
_FIRST_SLOTS = 1024


class Digests:
    """A set of file digests (file_digest's 16 bytes) in one flat table of 64-bit halves.

    A mailing of a million rows keeps a digest per file while it is planned:
    as bytes in a dict or set, some 150 bytes each; here 16 to 32 bytes each
    (open addressing, at most half full). Python's array and set have no such
    table of fixed-size keys, hence this one.
    """

    def __init__(self) -> None:
        self._slots = _FIRST_SLOTS
        self._table = memoryview(bytearray(16 * self._slots)).cast("Q")
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def _find(self, high: int, low: int) -> tuple[int, bool]:
        """The slot of a digest's halves, and whether it holds them (else it is empty)."""
        table, mask = self._table, self._slots - 1
        slot = high & mask
        while True:
            first, second = table[2 * slot], table[2 * slot + 1]
            if first == high and second == low:
                return slot, True
            if not first and not second:
                return slot, False
            slot = (slot + 1) & mask

    @staticmethod
    def _halves(digest: bytes) -> tuple[int, int]:
        high, low = _HALVES.unpack(digest)
        return high, low or (0 if high else 1)  # all zeros marks an empty slot

    def __contains__(self, digest: bytes) -> bool:
        return self._find(*self._halves(digest))[1]

    def add(self, digest: bytes) -> bool:
        """Add a digest; whether it was new."""
        high, low = self._halves(digest)
        slot, found = self._find(high, low)
        if found:
            return False
        self._table[2 * slot], self._table[2 * slot + 1] = high, low
        self._count += 1
        if 2 * self._count > self._slots:
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._table
        self._slots *= 2
        self._table = memoryview(bytearray(16 * self._slots)).cast("Q")
        for slot in range(len(old) // 2):
            high, low = old[2 * slot], old[2 * slot + 1]
            if high or low:
                free, _ = self._find(high, low)
                self._table[2 * free], self._table[2 * free + 1] = high, low

    def __iter__(self) -> Iterator[bytes]:
        table = self._table
        for slot in range(self._slots):
            high, low = table[2 * slot], table[2 * slot + 1]
            if high or low:
                yield _HALVES.pack(high, low)

    def update(self, other: Iterable[bytes]) -> None:
        """Add every digest of another set."""
        for digest in other:
            self.add(digest)


class Unique:
    """Two letters of a spec sharing a file, found as the letters go by.

    It keeps a digest per file (in Digests), not the letters: the labels of
    the earlier letters that clash are asked for once, and only when some do.
    """

    def __init__(self, spec: Path) -> None:
        self.spec = spec
        self.files = Digests()
        self.clashes: dict[tuple[str, str], Path] = {}
        """A file two letters share, by its same-file key and the later letter's label."""

    def add(self, path: Path, label: str, digest: bytes | None = None) -> None:
        """Note one file of a letter (``digest``: its file_digest, or that of its real path)."""
        if not self.files.add(file_digest(path) if digest is None else digest):
            self.clashes.setdefault((same_file_key(path), label), path)

    def check(self, labels: Callable[[set[str]], dict[str, str]]) -> None:
        """Raise one SpecError naming, once, every two letters that share a file.

        ``labels`` gives the label of the first letter that has each of these
        files, by the file's same-file key.
        """
        if not self.clashes:
            return
        earlier = labels({key for key, _ in self.clashes})
        pairs: dict[tuple[str, str], Path] = {}
        for (key, label), path in self.clashes.items():
            if earlier[key] != label:
                pairs.setdefault((earlier[key], label), path)
        problems = [
            Problem(
                self.spec,
                f"{_short(a, self.spec)} and {_short(b, self.spec)} would both be written to "
                f"{path.name}; {SET_APART}",
            )
            for (a, b), path in pairs.items()
        ]
        if problems:
            raise SpecError(problems)


def check_unique(targets: Iterable[tuple[Path, str]], spec: Path) -> None:
    """Raise one SpecError naming, once, every two letters of a spec that share a file."""
    unique, first = Unique(spec), dict[str, str]()
    for path, label in targets:
        unique.add(path, label)
        first.setdefault(same_file_key(path), label)
    unique.check(lambda keys: {key: first[key] for key in keys})


def _short(label: str, spec: Path) -> str:
    return label.removeprefix(f"{spec} ")


def numbered(count: int) -> Sequence[str]:
    """The {n} values of a batch: 1-based, zero-padded to the same width so names sort."""
    width = len(str(count))
    return [str(i).zfill(width) for i in range(1, count + 1)]
