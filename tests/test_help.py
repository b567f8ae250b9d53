"""Every --help ends with examples; the main one lists the exit codes; shells complete."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

LETTERKIT = Path(sys.executable).with_name("letterkit")
COMMANDS = ["render", "check", "watch", "templates", "doctor", "init", "schema", "completion"]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_commands_help_ends_with_examples_of_it(
    command: str, run: Callable[..., Result]
) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:\n", 1)[1].splitlines()
    assert 2 <= len(examples) <= 4
    assert all(line.lstrip().startswith(("letterkit ", "cat ", "eval ")) for line in examples)
    assert any(f"letterkit {command}" in line for line in examples)


def test_the_main_help_lists_every_exit_code(run: Callable[..., Result]) -> None:
    text = run("--help").stdout
    codes = text.split("Exit codes:\n", 1)[1].splitlines()[:7]
    assert [line.split()[0] for line in codes] == ["0", "1", "2", "3", "4", "70", "130"]


def test_bash_completion_completes_commands_and_options(tmp_path: Path) -> None:
    script = subprocess.run(
        [str(LETTERKIT), "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    (tmp_path / "letterkit.bash").write_text(script)
    bash = shutil.which("bash")
    assert bash is not None
    # What bash asks when a user types `letterkit ren<TAB>`.
    done = subprocess.run(
        [str(LETTERKIT)],
        env={
            "_LETTERKIT_COMPLETE": "bash_complete",
            "COMP_WORDS": "letterkit ren",
            "COMP_CWORD": "1",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert "plain,render" in done.stdout
    loaded = subprocess.run(
        [bash, "-c", f"source {tmp_path / 'letterkit.bash'} && complete -p letterkit"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "letterkit" in loaded.stdout


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_name_the_command(shell: str, run: Callable[..., Result]) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0
    assert "_LETTERKIT_COMPLETE" in result.stdout
    assert f"{shell}_complete" in result.stdout
