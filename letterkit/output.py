"""Writing output files: atomically, so nothing is ever half-written.

A file is written to a temporary name in the target's folder, flushed to
disk, then renamed over the target. A run stopped at any moment leaves the
old file or the new one, never a truncated one; a symlink at the target is
replaced, never written through. The temporary name carries the writer's
process id, so the next run removes what a killed run left behind without
touching the files of a run still going.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from letterkit.errors import OutputError

TEMP_PREFIX = ".letterkit-"
TEMP_SUFFIX = ".part"
RESERVED_PREFIX = ".letterkit"
"""Names letterkit keeps for itself in an output folder (temporaries, the manifest)."""


def probe_folder(folder: Path) -> None:
    """Raise OutputError unless a file can be made in ``folder``.

    A run that cannot write learns it before rendering, in one line, not once
    per letter after. A folder not made yet is not made here (a run whose
    letters all fail leaves nothing behind): the nearest folder that exists
    must let it be made.
    """
    if not folder.is_dir():
        ancestor = next((p for p in folder.parents if p.exists()), None)
        if ancestor is not None and not ancestor.is_dir():
            problem = "Not a directory"
        elif ancestor is None or not os.access(ancestor, os.W_OK | os.X_OK):
            problem = "Permission denied"
        else:
            return
        raise OutputError.at(folder, f"cannot create the output folder: {problem}")
    try:
        fd, temp = _new_temporary(folder)
    except OSError as exc:
        raise OutputError.at(folder, _cannot_write(exc)) from None
    os.close(fd)
    temp.unlink(missing_ok=True)


def make_folder(folder: Path) -> None:
    """Make an output folder and the folders above it; OutputError naming it if it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.at(folder, f"cannot create the output folder: {exc.strerror}") from None


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once or not at all."""
    temp = stage(target, data)
    flush_staged([temp])
    put_in_place(temp, target)
    sync_folder(target.parent)


def stage(target: Path, data: bytes, folder_made: bool = False) -> Path:
    """Write ``data`` to a new temporary file beside ``target``; the temporary's path.

    Not flushed yet: flush_staged() flushes a group of them at once, then
    put_in_place() renames each over its target. ``folder_made``: the caller
    made the target's folder already (once for a group of files, not per file).
    """
    folder = target.parent
    if not folder_made:
        make_folder(folder)
    try:
        fd, temp = _new_temporary(folder)
    except OSError as exc:
        raise OutputError.at(target, _cannot_write(exc)) from None
    try:
        try:
            rest = memoryview(data)
            while rest:  # a short write is followed by one that says why (a full disk)
                rest = rest[os.write(fd, rest) :]
            if hasattr(os, "fchmod"):
                os.fchmod(fd, _mode(target))
        finally:
            os.close(fd)
        if not hasattr(os, "fchmod"):  # Windows
            temp.chmod(_mode(target))
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError.at(target, _cannot_write(exc)) from None
    return temp


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL
for _flag in ("O_CLOEXEC", "O_NOFOLLOW", "O_BINARY"):  # mkstemp's: no link, no text mode
    _TEMP_FLAGS |= getattr(os, _flag, 0)


def _new_temporary(folder: Path) -> tuple[int, Path]:
    """A new private file in ``folder`` named for this process, open for writing.

    As tempfile.mkstemp makes it, without its per-file path and name work.
    """
    prefix = f"{TEMP_PREFIX}{os.getpid()}-"
    for _ in range(100):
        # secrets.token_hex's own bytes: its module (hmac, hashlib) would load at every start.
        temp = folder / f"{prefix}{os.urandom(6).hex()}{TEMP_SUFFIX}"
        try:
            return os.open(temp, _TEMP_FLAGS, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(folder))


SYNC_EACH_UP_TO = 16
"""Up to this many files are flushed one by one; more with one sync of their file system.

Each flush of a file waits for the disk (some 2 ms here); one sync of the
file system costs about as much as one flush and takes every file with it
(0.05-0.2 ms a file for a group of 1,000, against 2-5 ms one by one). It also
takes other programs' unwritten data on that file system, which is why a few
files are flushed one by one.
"""


def flush_staged(temps: Sequence[Path]) -> None:
    """Make staged files' bytes durable before they are renamed into place.

    A file that cannot be flushed is left to fail when it is put in place.
    """
    folders = {temp.parent for temp in temps}
    if len(temps) > SYNC_EACH_UP_TO and all(_sync_file_system(f) for f in folders):
        return
    for temp in temps:
        _flush(temp, os.O_RDWR)


def _sync_file_system(folder: Path) -> bool:
    """syncfs(2) on the folder's file system (Linux), which Python's os does not offer."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # noqa: PLC0415 -- only a group of many files pays for it

    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        return syncfs is not None and syncfs(fd) == 0
    finally:
        os.close(fd)


def put_in_place(temp: Path, target: Path) -> None:
    """Rename a staged file over its target (removing the temporary if that fails)."""
    try:
        temp.replace(target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError.at(target, _cannot_write(exc)) from None


def append_synced(path: Path, data: bytes, head: bytes = b"") -> None:
    """Append ``data`` to a file of letterkit's own (made private) and flush it to disk.

    A new file starts with ``head``.
    A file whose last line was torn (a run killed while appending it) gets a
    line break first, so the torn line stays one line of its own and is
    skipped by its reader instead of swallowing the first one appended now.
    """
    try:
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise OutputError.at(path, _cannot_write(exc)) from None
    try:
        size = os.fstat(fd).st_size
        torn = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
        rest = memoryview((b"\n" if torn else head if not size else b"") + data)
        while rest:  # a short write is followed by one that says why (a full disk)
            rest = rest[os.write(fd, rest) :]
        os.fsync(fd)
    except OSError as exc:
        raise OutputError.at(path, _cannot_write(exc)) from None
    finally:
        os.close(fd)


def _cannot_write(exc: OSError) -> str:
    return (
        f"cannot write: {exc.strerror}; check that the folder is writable and has "
        "space, or choose another with -o"
    )


def _mode(target: Path) -> int:
    """The new file's mode: the one the user gave the file it replaces, else 644 under the umask."""
    try:
        existing = target.lstat()
    except OSError:
        existing = None
    if existing is not None and stat.S_ISREG(existing.st_mode):
        return stat.S_IMODE(existing.st_mode)  # a letter made private (chmod 600) stays so
    return 0o644 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable, so a power cut cannot undo it (where supported)."""
    _flush(folder, os.O_RDONLY)


def _flush(path: Path, flags: int) -> None:
    """fsync(2) a file or folder by its path; one that cannot be is left as it is.

    Some file systems cannot sync a folder (the rename is still atomic); a
    file that cannot be flushed fails when it is put in place.
    """
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files that runs no longer going (killed ones) left behind."""
    try:
        strays = list(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))
    except OSError:
        return
    for stray in strays:
        if not _writer_running(stray.name):
            stray.unlink(missing_ok=True)


def _writer_running(name: str) -> bool:
    """Whether the process that made a temporary is still running (another letterkit)."""
    pid = name.removeprefix(TEMP_PREFIX).split("-", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


STDOUT_NAME = "standard output"
TO_A_FOLDER = "write to a folder with -o DIR instead"


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (where a PDF's bytes would be noise)."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except ValueError:  # a closed stream
        return False


def write_stdout(data: bytes, what: str = "letter", instead: str = TO_A_FOLDER) -> None:
    """Write ``what`` to standard output; a closed or full output is an OutputError."""
    if sys.stdout is None or isinstance(sys.stdout, ClosedStdout):
        raise OutputError.at(STDOUT_NAME, f"closed; {instead}")
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        raise stdout_failed(exc, what) from None


def stdout_failed(exc: OSError, what: str) -> OutputError:
    """The error for a failed write to standard output, which is then pointed at nowhere.

    Nothing more can reach the reader, and the interpreter's last flush at
    exit would fail again (and say so with a traceback).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass  # not a real descriptor (a test's captured output)
    finally:
        os.close(devnull)
    if isinstance(sys.stdout, ClosedStdout):
        return OutputError.at(STDOUT_NAME, f"closed; the {what} was not written")
    if isinstance(exc, BrokenPipeError):  # the reader stopped early (| head)
        message = f"the program reading it stopped before the whole {what} was written"
        return OutputError.at(STDOUT_NAME, message)
    return OutputError.at(STDOUT_NAME, f"cannot write: {exc.strerror}")


class ClosedStdout(io.TextIOBase):
    """Standard output of a process started without one (>&-): every write fails.

    Python leaves ``sys.stdout`` None then, and click prints nothing to None,
    quietly: ``--help >&-`` would exit 0 having said nothing.
    """

    def write(self, text: str) -> int:
        """Fail, as a closed descriptor does."""
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def hold_closed_descriptors() -> None:
    """Put /dev/null on standard descriptors the process was started without (>&-, 2>&-).

    Otherwise the next file opened takes the free number, and whatever is
    written to standard error (a library's warning) lands in a letter. A
    closed standard output still fails every write (ClosedStdout).
    """
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            held = os.open(os.devnull, os.O_RDWR)
            if held != number:
                os.dup2(held, number)
                os.close(held)
    if sys.stdout is None:
        sys.stdout = ClosedStdout()
