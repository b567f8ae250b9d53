"""One gatekeeper for every resource the PDF loads: project files and data: only.

The way in is the stylesheet: a template folder's letter.css may point
url() anywhere. Each refusal fails the letter with one line naming the URL,
and writes no PDF.
"""

from __future__ import annotations

import base64
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
import pytest
from click.testing import Result

from letterkit.document import Layout, Letter, Metadata, Party
from letterkit.errors import EXIT_FAILED, EXIT_REFUSED, SafetyError
from letterkit.render.fetcher import Gatekeeper, RefusedResource
from letterkit.render.pdf import typeset
from tests.adversarial.conftest import listing, one_line
from tests.conftest import ROOT

BUILTIN_CSS = (ROOT / "templates" / "letter.css").read_text("utf-8")
PNG = ROOT / "docs" / "solidarity-2008.png"


@pytest.fixture
def project(tmp_path: Path, spec_file: Callable[..., Path]) -> Path:
    """A project (it has .git) with the spec in letters/, a secret, a logo and a shared folder."""
    root = tmp_path / "project"
    for folder in (".git", ".secret", "letters", "shared"):
        (root / folder).mkdir(parents=True)
    (root / ".secret" / "key.png").write_bytes(PNG.read_bytes())
    shutil.copy(PNG, root / "letters" / "logo.png")
    shutil.copy(PNG, root / "shared" / "logo.png")
    spec_file(name="project/letters/letter.yaml")
    return root


def _render_with_css(
    run: Callable[..., Result],
    template_dir: Callable[..., Path],
    project: Path,
    css: str,
    *args: str,
) -> Result:
    templates = template_dir({"letter.css": f"{BUILTIN_CSS}\n{css}\n"})
    spec = project / "letters" / "letter.yaml"
    return run(
        "render", "-q", "-f", "pdf", "--templates", templates, *args, "-o", project / "out", spec
    )


def _images(pdf: Path) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(pdf).pages)


REFUSED = {
    "absolute file": (
        "url(file:///etc/passwd)",
        "file:///etc/passwd: outside the letter's folders",
    ),
    "relative escape": ("url(" + "../" * 30 + "etc/passwd)", "file:///etc/passwd: outside"),
    "dot-dot kept": ("url(file://{letters}/../../../etc/passwd)", '".." is not allowed'),
    "symlink out": ("url(link.png)", "letters/link.png: outside the letter's folders"),
    "symlinked folder": ("url(linked/passwd)", "letters/linked/passwd: outside"),
    "hidden file": ("url(../.secret/key.png)", "key.png: hidden files and folders are not loaded"),
    "not a file": ("url(fifo.png)", "fifo.png: not a regular file"),
    "http": ("url(http://127.0.0.1:9/x.png)", "network access is off; pass --allow-remote"),
    "https": ("url(https://example.com/x.png)", "network access is off"),
    "ftp": ("url(ftp://example.com/x.png)", '"ftp:" URLs are not allowed'),
    "other host": ("url(file://example.com/etc/passwd)", "files on other hosts are not allowed"),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize(
    "rule", ["body { background: URL }", "@font-face { font-family: X; src: URL }"]
)
def test_resource_outside_the_project_is_refused(
    case: tuple[str, str],
    rule: str,
    project: Path,
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    url, message = case
    letters = project / "letters"
    (letters / "link.png").symlink_to("/etc/passwd")
    (letters / "linked").symlink_to("/etc")
    os.mkfifo(letters / "fifo.png")
    css = rule.replace("URL", url).replace("{letters}", str(letters))
    if "font-face" in rule:
        css += " body { font-family: X, serif }"
    result = _render_with_css(run, template_dir, project, css)
    assert result.exit_code == EXIT_REFUSED, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"{letters / 'letter.yaml'}: ")
    assert "load " in line and message.replace("{letters}", str(letters)) in line
    assert listing(project / "out") == []


def test_allowed_resource_that_does_not_load_fails_the_letter(
    project: Path, template_dir: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # Not a safety refusal: the file is allowed, it just is not there.
    result = _render_with_css(run, template_dir, project, "body { background: url(missing.png) }")
    letters = project / "letters"
    assert result.exit_code == EXIT_FAILED, result.stderr
    assert one_line(result.stderr) == (
        f"{letters / 'letter.yaml'}: could not load file://{letters}/missing.png: "
        "No such file or directory"
    )
    assert listing(project / "out") == []


ALLOWED = {
    "beside the spec": "url(logo.png)",
    "in the project": "url(../shared/logo.png)",
    "inline data": "url(data:image/png;base64,{data})",
    "in a template folder": "url(file://{templates}/logo.png)",
}


@pytest.mark.parametrize("url", ALLOWED.values(), ids=ALLOWED.keys())
def test_resource_inside_the_project_is_loaded(
    url: str, project: Path, template_dir: Callable[..., Path], run: Callable[..., Result]
) -> None:
    data = base64.b64encode(PNG.read_bytes()).decode()
    templates = template_dir({})
    shutil.copy(PNG, templates / "logo.png")
    css = f"body {{ background: {url.format(data=data, templates=templates)} no-repeat }}"
    (templates / "letter.css").write_text(f"{BUILTIN_CSS}\n{css}\n", "utf-8")
    result = run(
        "render", "-q", "-f", "pdf", "--templates", templates, project / "letters" / "letter.yaml"
    )
    assert result.exit_code == 0, result.stderr
    assert _images(project / "letters" / "letter.pdf") > 0


class _Server(http.server.ThreadingHTTPServer):
    requests = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        assert isinstance(self.server, _Server)
        self.server.requests += 1
        body = PNG.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the request count."""


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    """An HTTP server on localhost serving a PNG, counting requests."""
    monkeypatch.setenv("no_proxy", "*")
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_network_only_with_allow_remote(
    server: _Server, project: Path, template_dir: Callable[..., Path], run: Callable[..., Result]
) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/logo.png"
    css = f"body {{ background: url({url}) no-repeat }}"
    refused = _render_with_css(run, template_dir, project, css)
    assert refused.exit_code == EXIT_REFUSED
    assert server.requests == 0
    # Even allowed, the network is https to public addresses only: not this machine.
    allowed = _render_with_css(run, template_dir, project, css, "--allow-remote")
    assert allowed.exit_code == EXIT_REFUSED, allowed.stderr
    assert "only https: URLs are loaded from the network" in one_line(allowed.stderr)
    assert server.requests == 0


def test_attachments_are_refused(project: Path) -> None:
    letters = project / "letters"
    letter = Letter(
        meta=Metadata("t", "a", "", "en", None),
        sender=Party("a"),
        recipient=Party("b"),
        date=None,
        blocks=(),
        layout=Layout(base=letters, resource_roots=(letters,)),
        name="hostile.html",
    )
    # The file is inside the resource folders: only the attachment rule stops it.
    for html in (
        '<link rel="attachment" href="logo.png"><p>x</p>',
        '<p><a rel="attachment" href="logo.png">x</a></p>',
    ):
        with pytest.raises(SafetyError, match="asks to attach files"):
            typeset(html, letter)


def test_each_letters_gatekeeper_reads_data_urls_and_keeps_its_own_records(
    tmp_path: Path,
) -> None:
    data = "data:image/png;base64," + base64.b64encode(PNG.read_bytes()).decode()
    first, second = Gatekeeper((tmp_path,)), Gatekeeper((tmp_path,))
    assert first.fetch(data).read() == PNG.read_bytes()
    with pytest.raises(RefusedResource):
        first.fetch("ftp://example.org/logo.png")
    assert second.fetch(data).read() == PNG.read_bytes()
    assert len(first.refused) == 1
    assert second.refused == []
    assert first.loaded == second.loaded == {}, "data: loads no file"
