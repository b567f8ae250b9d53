"""What each part of the built-in stylesheet costs WeasyPrint on the reference letter.

Run with `.venv/bin/python benchmarks/stylesheet_cost.py [ROUNDS]`. The letter
and stylesheet kept in benchmarks/baseline/ are typeset by raw WeasyPrint
(one font configuration, one parsed stylesheet per variant, tagged PDF/UA-1)
with one group of rules removed or simplified at a time; the variants
alternate, letter by letter. Prints a Markdown table: the best CPU time of
the rounds (a shared machine only ever adds time), its ratio to the whole
stylesheet, and the Python function calls of one render, a count that does
not drift with the machine's load. A variant changes how the letter looks:
it only says what that part of the stylesheet costs.
"""

from __future__ import annotations

import cProfile
import pstats
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

BASELINE = Path(__file__).resolve().parent / "baseline"
BASE_URL = str(Path(__file__).resolve().parent.parent / "examples")
OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}
FALLBACKS = """font-family: "Noto Serif", "Noto Naskh Arabic", "Noto Serif Hebrew",
    "Noto Serif Devanagari", "Noto Serif Bengali", serif;"""


def _without_block(start: str, end: str, keep: str = "") -> Callable[[str], str]:
    def edit(css: str) -> str:
        i, j = css.index(start), css.index(end)
        return css[:i] + keep + css[j:]

    return edit


def _replace(*pairs: tuple[str, str]) -> Callable[[str], str]:
    def edit(css: str) -> str:
        for old, new in pairs:
            if old not in css:
                raise SystemExit(f"the stylesheet has no {old!r}: update this variant")
            css = css.replace(old, new)
        return css

    return edit


VARIANTS: dict[str, Callable[[str], str]] = {
    "the whole stylesheet": lambda css: css,
    "font list: Noto Serif and serif only": _replace(
        (FALLBACKS, 'font-family: "Noto Serif", serif;')
    ),
    "font list: Noto Serif alone": _replace((FALLBACKS, 'font-family: "Noto Serif";')),
    "no page margin boxes (running head, first-page footer)": _without_block(
        "  @top-center {", "/* The sender", "}\n"
    ),
    "no running head box on later pages": _without_block(
        "  @top-center {\n    content: element", "/* The first page", "}\n"
    ),
    "no first-page footer box": _without_block("  @bottom-center {", "/* The sender", "}\n"),
    "running head and letterhead as blocks, not flex": _replace(
        (
            "  position: running(running-head);\n  display: flex;",
            "  position: running(running-head);",
        ),
        (".letterhead {\n  display: flex;", ".letterhead {"),
    ),
    "running head as a table": _replace(
        (
            "  position: running(running-head);\n  display: flex;",
            "  position: running(running-head);\n  display: table;\n  width: 100%;",
        ),
        (
            ".running-head .about { flex: 1 1 auto; min-width: 0; white-space: nowrap; }",
            ".running-head .about { display: table-cell; white-space: nowrap; }",
        ),
        (
            ".running-head .page { flex: none; white-space: nowrap; }",
            ".running-head .page { display: table-cell; text-align: end; white-space: nowrap; }",
        ),
    ),
    "no :lang() rules": lambda css: re.sub(r"html:lang\([^{]*\{[^}]*\}", "", css),
    "no white-space: nowrap spans": _replace((".nowrap { white-space: nowrap; }", "")),
    "no break-inside, break-after, orphans, widows": _replace(
        (".ending { break-inside: avoid; break-before: avoid; }", ""),
        (".letter .keep-with-next { break-after: avoid; }", ""),
        ("orphans: 2; widows: 2;", ""),
    ),
    "no hyphens: manual": _replace(("hyphens: manual;", "")),
    "no letter-spacing": _replace(("letter-spacing: 0.02em;", "")),
    "no colours": lambda css: re.sub(r"(?<![-\w])color: #[0-9a-f]+;", "", css),
    "no borders": lambda css: re.sub(r"border[-a-z]*: [^;]*;", "", css),
    "no grid for the signatories": _replace(("display: grid;", "display: block;")),
    "empty stylesheet": lambda css: "",
}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    html = (BASELINE / "letter.html").read_text("utf-8")
    css = (BASELINE / "letter.css").read_text("utf-8")
    fonts = FontConfiguration()
    sheets = {
        name: weasyprint.CSS(string=edit(css), font_config=fonts) for name, edit in VARIANTS.items()
    }

    def render(sheet: weasyprint.CSS) -> int:
        document = weasyprint.HTML(string=html, base_url=BASE_URL).render(
            font_config=fonts, stylesheets=[sheet], **OPTIONS
        )
        document.write_pdf(**OPTIONS)
        return len(document.pages)

    pages = {name: render(sheet) for name, sheet in sheets.items()}  # warm each variant
    calls = {}
    for name, sheet in sheets.items():
        profile = cProfile.Profile()
        profile.runcall(render, sheet)
        calls[name] = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    best = dict.fromkeys(sheets, float("inf"))
    order = list(sheets.items())
    for turn in range(rounds):
        # Each round starts with another variant: the first of a round runs slower.
        for name, sheet in order[turn % len(order) :] + order[: turn % len(order)]:
            started = time.process_time()
            render(sheet)
            best[name] = min(best[name], time.process_time() - started)
    whole = "the whole stylesheet"
    print(f"Best of {rounds} rounds, CPU per letter; function calls of one render.\n")
    print("| variant | pages | ms | ratio | calls | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in sheets:
        seconds, count = best[name], calls[name]
        print(
            f"| {name} | {pages[name]} | {seconds * 1000:.1f} | {seconds / best[whole]:.2f}x | "
            f"{count:,} | {count / calls[whole]:.2f}x |"
        )


if __name__ == "__main__":
    main()
