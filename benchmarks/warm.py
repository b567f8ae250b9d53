"""Warm, in-process measurements for benchmarks/bench.py: CPU seconds per letter.

Run by bench.py in a fresh process; prints one JSON object. Every pair is
measured alternately, letter by letter, in the same process, so load and
drift hit both sides alike; each figure is the median over rounds of the
mean CPU time per letter of that round.

- ``letterkit`` vs ``raw``: making a PDF letter (compose, HTML, WeasyPrint,
  checks) vs raw WeasyPrint on the same HTML with one shared stylesheet object
  and font configuration, the same PDF options (tagged PDF/UA-1);
- ``fit``: the fit check's share of the letterkit letters above;
- ``hyphenated`` vs ``unhyphenated``: the letter justified, with and without
  hyphenation;
- ``baseline`` vs ``today``: raw WeasyPrint on the letter and stylesheet kept in
  benchmarks/baseline/ vs on the letter and stylesheet letterkit makes now.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import weasyprint
from letters import copied
from weasyprint.text.fonts import FontConfiguration

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.page import laid_out
from letterkit.render import page_of, pdf
from letterkit.run.worker import Job, Maker
from letterkit.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
BASELINE = Path(__file__).resolve().parent / "baseline"
DATE = dt.date(2026, 5, 4)
OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}


def cpu(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def specs(folder: Path, count: int, layout: str = "") -> list[Path]:
    """``count`` copies of the example letter, each to another recipient, ``layout``
    lines added to its layout."""
    text = copied().replace("\nlayout:\n", f"\nlayout:\n{layout}")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        name = f"Federation of Workers number {i + 1}"
        body = text.replace("All Pakistan Trade Union Federation", name)
        path = folder / f"letter-{i:04}.yaml"
        path.write_text(body, "utf-8")
        out.append(path)
    return out


def job(path: Path) -> Job:
    return Job(0, load_spec(path), path, str(path), ("pdf",), roots=(path.parent,))


class Raw:
    """Raw WeasyPrint: one font configuration and one parsed stylesheet for every letter."""

    def __init__(self, stylesheet: str) -> None:
        self.fonts = FontConfiguration()
        self.css = weasyprint.CSS(string=stylesheet, font_config=self.fonts)

    def __call__(self, html: str, base: str) -> bytes:
        document = weasyprint.HTML(string=html, base_url=base).render(
            font_config=self.fonts, stylesheets=[self.css], **OPTIONS
        )
        made: bytes = document.write_pdf(**OPTIONS)
        return made


def html_of(path: Path) -> tuple[str, str]:
    """The HTML letterkit gives WeasyPrint for a spec, and the stylesheet it applies."""
    letter = compose(load_spec(path), path, TemplateSet((), None), ComposeOptions(DATE), ())
    return page_of(laid_out(letter)).unstyled, letter.layout.stylesheet


def alternate(sides: dict[str, list[Callable[[], object]]], rounds: int) -> dict[str, float]:
    """Median over rounds of each side's mean CPU seconds per call, calls alternating."""
    per_round: dict[str, list[float]] = {name: [] for name in sides}
    for actions in sides.values():
        actions[0]()  # warm: fonts, templates, caches
    for _ in range(rounds):
        spent = dict.fromkeys(sides, 0.0)
        for step in zip(*sides.values(), strict=True):
            for name, action in zip(sides, step, strict=True):
                spent[name] += cpu(action)
        for name, actions in sides.items():
            per_round[name].append(spent[name] / len(actions))
    return {name: statistics.median(values) for name, values in per_round.items()}


def letter_vs_raw(work: Path, count: int, rounds: int) -> dict[str, float]:
    """A warm letterkit letter vs raw WeasyPrint on its HTML, and the fit check's share."""
    paths = specs(work / "letters", count)
    maker = Maker(ComposeOptions(DATE))
    jobs = [job(p) for p in paths]
    pages = [html_of(p) for p in paths]
    raw = Raw(pages[0][1])
    fit_spent: list[float] = []
    checked = pdf.fit_problems

    def timed_fit(found: list[Any], letter: Any) -> Any:
        started = time.process_time()
        try:
            return checked(found, letter)
        finally:
            fit_spent.append(time.process_time() - started)

    pdf.fit_problems = timed_fit  # count the check's time inside the real renderer
    made = [(lambda j=j: _made(maker, j)) for j in jobs]
    rawed = [
        (lambda h=h, p=p: raw(h, str(p.parent))) for (h, _), p in zip(pages, paths, strict=True)
    ]
    result = alternate({"letterkit": made, "raw": rawed}, rounds)
    fit_per_letter = sum(fit_spent) / len(fit_spent)
    pdf.fit_problems = checked
    return {**result, "fit": fit_per_letter}


def _made(maker: Maker, one: Job) -> None:
    outcome = maker.make(one)
    if outcome.error is not None:
        raise SystemExit(f"letter failed: {outcome.error}")


def hyphenation(work: Path, count: int, rounds: int) -> dict[str, float]:
    """The justified letter with and without hyphenation, through letterkit."""
    maker = Maker(ComposeOptions(DATE))
    sides = {}
    for name, value in (("hyphenated", "true"), ("unhyphenated", "false")):
        layout = f"  align: justify\n  hyphenate: {value}\n"
        jobs = [job(p) for p in specs(work / name, count, layout)]
        sides[name] = [(lambda j=j: _made(maker, j)) for j in jobs]
    return alternate(sides, rounds)


def baseline_vs_today(count: int, rounds: int) -> dict[str, float]:
    """Raw WeasyPrint on the kept letter and stylesheet vs on today's."""
    html, css = html_of(EXAMPLE)
    kept = Raw((BASELINE / "letter.css").read_text("utf-8"))
    kept_html = (BASELINE / "letter.html").read_text("utf-8")
    today = Raw(css)
    base = str(EXAMPLE.parent)
    sides = {
        "baseline": [lambda: kept(kept_html, base)] * count,
        "today": [lambda: today(html, base)] * count,
    }
    return alternate(sides, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="a scratch folder")
    parser.add_argument("--letters", type=int, default=20, help="letters per round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    result: dict[str, float] = {}
    result |= letter_vs_raw(args.work, args.letters, args.rounds)
    result |= hyphenation(args.work, max(2, args.letters // 2), args.rounds)
    result |= baseline_vs_today(max(2, args.letters // 2), args.rounds)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
