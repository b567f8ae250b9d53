"""An upgraded engine or a new font makes a letter again (real processes, real files)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINIMAL

LETTERKIT = Path(sys.executable).with_name("letterkit")
FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")


def _render(spec: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(LETTERKIT), "render", "-f", "txt", "-o", str(spec.parent / "out"), str(spec)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stderr


def _spec(tmp_path: Path) -> Path:
    spec = tmp_path / "letter.yaml"
    spec.write_text(json.dumps(MINIMAL), encoding="utf-8")
    return spec


def test_an_engine_upgrade_makes_the_letter_again(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    env = dict(os.environ)
    assert "wrote" in _render(spec, env)
    assert "current; skipped" in _render(spec, env)
    # A newer pydyf, as an upgrade leaves it: the installed metadata says 99.0.
    upgraded = tmp_path / "site" / "pydyf-99.0.dist-info"
    upgraded.mkdir(parents=True)
    (upgraded / "METADATA").write_text("Metadata-Version: 2.1\nName: pydyf\nVersion: 99.0\n")
    env["PYTHONPATH"] = str(tmp_path / "site")
    after = _render(spec, env)
    assert "wrote" in after
    assert "skipped" not in after


def test_a_new_font_for_the_letters_language_makes_it_again(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        "<?xml version='1.0'?><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(config))
    assert "wrote" in _render(spec, env)
    assert "current; skipped" in _render(spec, env)
    shutil.copy(FONT, fonts / "House-Sans.ttf")
    # fontconfig trusts its cache while the folder's time, in whole seconds, is unchanged.
    later = fonts.stat().st_mtime + 5
    os.utime(fonts, (later, later))
    after = _render(spec, env)
    assert "wrote" in after
    assert "skipped" not in after
