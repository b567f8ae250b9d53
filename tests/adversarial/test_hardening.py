"""Hardening: hostile inputs and odd file systems give one clear line and the right exit code."""

from __future__ import annotations

import http.server
import json
import os
import resource
import shutil
import socket
import stat
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from letterkit.errors import EXIT_INVALID, EXIT_OUTPUT, EXIT_REFUSED
from letterkit.run.manifest import MANIFEST
from tests.adversarial.conftest import listing, one_line, run_installed
from tests.conftest import MINIMAL, ROOT

STRING_BYTES = 1_000_000


def _string_bomb(aliases: int) -> str:
    """A spec just under the size cap: one long string, repeated by aliases."""
    head = json.dumps({k: MINIMAL[k] for k in ("date", "sender", "recipient")})[1:-1]
    lines = ["{" + head + ",", '"vars": {"big": &b "' + "x" * STRING_BYTES + '",']
    lines += [f'"a{i}": *b,' for i in range(aliases)]
    return "\n".join(lines) + '\n"end": "x"}}\n'


@pytest.mark.parametrize("aliases", [20, 2000])
def test_string_alias_bomb_is_refused_in_one_line(
    aliases: int, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file(text=_string_bomb(aliases))
    result = run_installed("check", spec, timeout=60)
    assert result.returncode == EXIT_INVALID, result.stderr
    assert one_line(result.stderr) == (
        f"{spec}:4:1: vars.a1: the values add up to too much text once aliases are "
        "expanded; is an alias (*name) repeating a long value?"
    )


def _specs(spec_file: Callable[..., Path], count: int) -> list[Path]:
    return [
        spec_file({"recipient": {"name": f"Federation {i}"}}, name=f"letter-{i:02}.yaml")
        for i in range(count)
    ]


def test_folder_that_takes_no_files_is_reported_once_before_rendering(
    spec_file: Callable[..., Path],
) -> None:
    # Tests may run as root, for whom a read-only mode is no obstacle; /proc takes no files.
    result = run_installed("render", "-q", "-f", "txt", "-o", "/proc", *_specs(spec_file, 30))
    assert result.returncode == EXIT_OUTPUT
    assert one_line(result.stderr).startswith("/proc: cannot write: ")


def _file_size_limit(limit: int) -> Callable[[], None]:
    """A file size limit stands in for a disk that fills up (writes fail with EFBIG)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_disk_full_after_the_letters_blames_the_record_not_the_letters(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    specs = _specs(spec_file, 30)
    done = run_installed("render", "-q", "-f", "txt", "-o", tmp_path / "first", *specs)
    assert done.returncode == 0, done.stderr
    recorded = (tmp_path / "first" / MANIFEST).stat().st_size
    # A folder whose record lists thirty letters, three of them made again: that record
    # is the largest file the run writes, and only it does not fit.
    out = tmp_path / "out"
    out.mkdir()
    shutil.copyfile(tmp_path / "first" / MANIFEST, out / MANIFEST)
    limit = _file_size_limit(recorded - 1)
    again = specs[:3]
    result = run_installed("render", "-q", "-f", "txt", "-o", out, *again, preexec_fn=limit)
    assert result.returncode == EXIT_OUTPUT
    assert one_line(result.stderr).startswith(f"{out / MANIFEST}: cannot write: File too large")
    for spec in again:
        assert (out / f"{spec.stem}.txt").read_bytes() == (
            tmp_path / "first" / f"{spec.stem}.txt"
        ).read_bytes()


SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="red"/>'
    '<image href="file:///etc/passwd" width="10" height="10"/></svg>'
)


def test_svg_logo_loading_a_file_outside_is_refused_by_name(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    (tmp_path / "logo.svg").write_text(SVG_LOGO, "utf-8")
    spec = spec_file({"sender": {"logo": "logo.svg"}})
    out = tmp_path / "out"
    result = run_installed("render", "-f", "pdf", "-o", out, spec)
    assert result.returncode == EXIT_REFUSED
    assert one_line(result.stderr) == (
        f"{spec}: refused to load file:///etc/passwd: outside the letter's folders "
        "(the spec's folder, the project and the templates)"
    )
    assert listing(out) == []


HOSTILE_MANIFESTS = {
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "not JSON": "{not json",
    "a list": "[1, 2]",
    "unhashable digests": '{"version": 1, "files": {"letter.txt": {"sha256": [1], "pending": {}}}}',
    "a FIFO": "FIFO",
}


@pytest.mark.parametrize("text", HOSTILE_MANIFESTS.values(), ids=HOSTILE_MANIFESTS.keys())
def test_hostile_manifest_is_an_empty_cache_with_one_warning(
    text: str, tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file()
    out = tmp_path / "out"
    out.mkdir()
    if text == "FIFO":
        os.mkfifo(out / MANIFEST)
    else:
        (out / MANIFEST).write_text(text, "utf-8")
    result = run_installed("render", "-f", "txt", "-o", out, spec, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {out / MANIFEST}: unreadable, so ignored and written anew",
        f"wrote {out / 'letter.txt'}",
    ]
    assert json.loads((out / MANIFEST).read_text("utf-8"))["version"] == 1


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e400"])
def test_time_limit_that_would_never_fire_is_a_usage_error(
    value: str, spec_file: Callable[..., Path]
) -> None:
    result = run_installed("check", "--time-limit", value, spec_file())
    assert result.returncode == EXIT_INVALID
    assert "Invalid value for '--time-limit'" in result.stderr.splitlines()[-1]


def test_rerendering_keeps_the_mode_the_user_gave_a_letter(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file()
    out = tmp_path / "out"
    assert run_installed("render", "-q", "-f", "txt", "-o", out, spec).returncode == 0
    letter = out / "letter.txt"
    letter.chmod(0o600)
    spec_file({"position": ["We stand with you all."]})
    result = run_installed("render", "-q", "-f", "txt", "-o", out, spec)
    assert result.returncode == 0, result.stderr
    assert "We stand with you all." in letter.read_text("utf-8")
    assert stat.S_IMODE(letter.stat().st_mode) == 0o600


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the requests."""


@pytest.fixture
def local_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1: its port, and the paths it was asked for."""
    monkeypatch.setenv("no_proxy", "*")
    _Counting.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd.server_address[1], _Counting.requests
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _render_with_background(
    url: str, tmp_path: Path, spec_file: Callable[..., Path], template_dir: Callable[..., Path]
) -> subprocess.CompletedProcess[str]:
    css = (ROOT / "templates" / "letter.css").read_text("utf-8")
    templates = template_dir({"letter.css": f"{css}\nbody {{ background: url({url}) }}\n"})
    out = tmp_path / "out"
    command = ("render", "-f", "pdf", "--allow-remote", "--templates", templates, "-o", out)
    return run_installed(*command, spec_file(), timeout=120)


REMOTE_REFUSED = {
    "plain http": ("http://127.0.0.1:{port}/logo.png", "only https: URLs are loaded"),
    "loopback": (
        "https://127.0.0.1:{port}/logo.png",
        "127.0.0.1 is a local or private address (127.0.0.1)",
    ),
    "a name for loopback": ("https://localhost:{port}/logo.png", "localhost is a local or"),
    "private": ("https://10.1.2.3/logo.png", "10.1.2.3 is a local or private address"),
    "link-local": ("https://169.254.169.254/latest/", "169.254.169.254 is a local or private"),
}


@pytest.mark.parametrize("case", REMOTE_REFUSED.values(), ids=REMOTE_REFUSED.keys())
def test_remote_fetch_to_this_machine_or_network_is_refused(
    case: tuple[str, str],
    local_server: tuple[int, list[str]],
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
) -> None:
    port, requests = local_server
    url, message = case[0].format(port=port), case[1]
    result = _render_with_background(url, tmp_path, spec_file, template_dir)
    assert result.returncode == EXIT_REFUSED, result.stderr
    assert f"refused to load {url}: {message}" in one_line(result.stderr)
    assert requests == []
    assert listing(tmp_path / "out") == []


def test_a_host_that_rebinds_to_this_machine_is_not_reached(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from weasyprint.urls import FatalURLFetchingError  # noqa: PLC0415 -- the PDF wing

    from letterkit.render.fetcher import Gatekeeper  # noqa: PLC0415 -- the PDF wing

    # The name is public when checked and this machine when asked again (DNS rebinding):
    # the connection must go to the address that was checked, not to a second answer.
    answers = iter(["93.184.215.14", "127.0.0.1", "127.0.0.1"])

    def resolve(host: str, port: object, *args: object, **kwargs: object) -> list[object]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), 443))]

    reached: list[tuple[str, int]] = []

    def connect(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        reached.append(address)
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "create_connection", connect)
    url = "https://rebind.example/logo.png"
    with pytest.raises(FatalURLFetchingError, match=rf"could not load {url}: Connection refused"):
        Gatekeeper((tmp_path,), allow_remote=True).fetch(url)
    assert reached == [("93.184.215.14", 443)]


def test_data_url_over_the_cap_is_refused(
    tmp_path: Path, spec_file: Callable[..., Path], template_dir: Callable[..., Path]
) -> None:
    url = "data:image/png;base64," + "A" * (9 * 1024 * 1024)
    result = _render_with_background(url, tmp_path, spec_file, template_dir)
    assert result.returncode == EXIT_REFUSED, result.stderr[:300]
    assert one_line(result.stderr).endswith(": a data: URL longer than 8 MB")


def test_names_differing_only_in_case_are_one_file(tmp_path: Path) -> None:
    # One file on macOS and Windows: the second letter must not overwrite the first there.
    specs = []
    for folder, stem in (("a", "Ali"), ("b", "ali")):
        (tmp_path / folder).mkdir()
        specs.append(tmp_path / folder / f"{stem}.yaml")
        specs[-1].write_text(json.dumps(MINIMAL), "utf-8")
    out = tmp_path / "out"
    result = run_installed("render", "-q", "-f", "txt", "-o", out, *specs)
    assert result.returncode == EXIT_REFUSED
    assert one_line(result.stderr) == (
        f"{specs[1]}: refused: another letter of this run already wrote {out / 'ali.txt'}; "
        "give the specs different names or output folders"
    )
    assert listing(out) == [MANIFEST, "Ali.txt"]


def test_a_single_letter_name_is_made_safe_too(tmp_path: Path) -> None:
    spec = tmp_path / "CON:\uff0fx.yaml"  # a Windows device name, a colon, a full-width slash
    spec.write_text(json.dumps(MINIMAL), "utf-8")
    result = run_installed("render", "-q", "-f", "txt", "-o", tmp_path / "out", spec)
    assert result.returncode == 0, result.stderr
    assert listing(tmp_path / "out") == [MANIFEST, "CON-x.txt"]


def test_manifest_that_never_fits_is_reported_once_for_all_groups(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    # Forty PDFs take over a second: written in several groups, each failing alike.
    out = tmp_path / "out"
    limit = _file_size_limit(100)
    specs = _specs(spec_file, 40)
    result = run_installed(
        "render", "-q", "-j", "1", "-f", "pdf", "-o", out, *specs, preexec_fn=limit
    )
    assert result.returncode == EXIT_OUTPUT
    # This machine's record of what is about to be written cannot be saved: said once.
    record = Path(os.environ["XDG_STATE_HOME"]) / "letterkit" / "records"
    assert one_line(result.stderr).startswith(str(record))
    assert ": cannot write: File too large" in result.stderr
    assert listing(out) == []
