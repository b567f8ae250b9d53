"""Where the time of one warm PDF letter goes, stage by stage (cProfile).

Run with `.venv/bin/python benchmarks/profile_letter.py [SPEC]`. Renders the
letter a few times to warm up, then profiles 20 renders and prints the
cumulative time per letter of each stage letterkit and WeasyPrint go through.
The stages overlap where one calls another (the cascade runs inside render).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import sys
import time
from pathlib import Path
from typing import Any

from letterkit.compose import ComposeOptions
from letterkit.run.worker import Job, Maker
from letterkit.spec import load_spec

ROUNDS = 20


def stages() -> list[tuple[str, Any]]:
    """The functions that mark each stage, as (label, function)."""
    import pydyf  # noqa: PLC0415 -- loaded with the PDF renderer, after letterkit's own
    import weasyprint  # noqa: PLC0415
    from weasyprint import css, document, layout, pdf  # noqa: PLC0415
    from weasyprint.pdf import fonts  # noqa: PLC0415
    from weasyprint.text import line_break  # noqa: PLC0415

    from letterkit import compose, page  # noqa: PLC0415

    return [
        ("letterkit: compose the letter", compose.compose),
        ("letterkit: lay out the page (HTML)", page.laid_out),
        ("WeasyPrint: parse the HTML", weasyprint.HTML.__init__),
        ("WeasyPrint: parse a stylesheet (CSS object)", weasyprint.CSS.__init__),
        ("WeasyPrint: find the document's own styles", css.find_stylesheets),
        ("WeasyPrint: cascade and compute styles", css.StyleFor.__init__),
        ("WeasyPrint: lay out pages", layout.layout_document),
        ("  of which line breaking (Pango)", line_break.split_first_line),
        ("WeasyPrint: draw pages", document.Page.paint),
        ("WeasyPrint: write the PDF", pdf.generate_pdf),
        ("  of which font subsetting (HarfBuzz)", fonts.Font._harfbuzz_subset),
        ("  of which font subsetting (fontTools fallback)", fonts.Font._fonttools_subset),
        ("  of which serialising and compressing (pydyf)", pydyf.PDF.write),
    ]


def key(function: Any) -> tuple[str, int, str]:
    code = function.__code__
    return code.co_filename, code.co_firstlineno, code.co_name


def main() -> None:
    spec_path = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/solidarity-2008.yaml")
    maker = Maker(ComposeOptions(dt.date.today()))
    spec = load_spec(spec_path)
    job = Job(0, spec, spec_path, str(spec_path), ("pdf",), roots=(spec_path.parent,))
    for _ in range(3):
        maker.make(job)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        maker.make(job)
    plain = (time.perf_counter() - started) / ROUNDS
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(ROUNDS):
        maker.make(job)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = stats[key(Maker.make)][3]
    print(f"{spec_path}: {plain * 1000:.1f} ms per letter unprofiled; profiled shares:\n")
    print("| stage | ms per letter (profiled) | share |")
    print("| --- | --- | --- |")
    for label, function in stages():
        spent = stats.get(key(function), (0, 0, 0, 0))[3]
        if spent:
            share = spent / total
            print(f"| {label} | {spent / ROUNDS * 1000:.1f} | {share:.0%} |")


if __name__ == "__main__":
    main()
