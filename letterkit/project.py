"""Where a spec's project starts: the folder its templates, config and resources live in."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "letterkit.toml"
MARKERS = (CONFIG_FILE, ".git")


def project_root(spec: Path) -> Path:
    """The nearest folder above the spec holding letterkit.toml or .git, else the spec's folder.

    letterkit.toml wins over .git: a repository may hold several letter
    projects, each with its own config.
    """
    folder = spec.resolve().parent
    for marker in MARKERS:
        for candidate in (folder, *folder.parents):
            if (candidate / marker).exists():
                return candidate
    return folder
