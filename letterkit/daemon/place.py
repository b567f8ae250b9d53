"""Where the background worker listens: a folder only its user may enter.

Imported by the client on every command, so it uses nothing but os and stat.
"""

import os
import stat

SOCKET_NAME = "worker.sock"
PRIVATE = 0o700
IDLE_SECONDS = 600.0
"""The worker ends after ten minutes without a request."""


def folder() -> str:
    """$XDG_RUNTIME_DIR/letterkit, else a per-user folder under /tmp."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime):
        return os.path.join(runtime, "letterkit")
    return f"/tmp/letterkit-{os.getuid()}"


def socket_path() -> str:
    """The worker's socket."""
    return os.path.join(folder(), SOCKET_NAME)


def unsafe(path: str) -> str | None:
    """Why the folder may not hold the socket (not ours, a symlink, open to others), or None."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    if info.st_uid != os.getuid():
        return f"belongs to another user (uid {info.st_uid})"
    if stat.S_IMODE(info.st_mode) != PRIVATE:
        return f"has mode {stat.S_IMODE(info.st_mode):o}, not {PRIVATE:o}"
    return None


def make_private(path: str) -> str | None:
    """Create the folder (mode 0700) if it is missing; why it is unsafe, or None."""
    try:
        os.mkdir(path, PRIVATE)
        os.chmod(path, PRIVATE)  # the umask may have taken bits away
    except FileExistsError:
        pass
    except OSError as exc:
        return f"cannot be created ({exc.strerror})"
    return unsafe(path)
