"""What e-mail costs: -f eml per letter, and letterkit send's messages per second.

Run with `.venv/bin/python benchmarks/mail.py` (not part of the tests). Every
ratio compares two things measured in this one run on this machine:

8. warm per letter, `-f eml` (which makes the PDF and text too) vs `-f pdf -f txt`;
   target 1.3x: the message is built in about 10 ms, and it is a third file written
   and flushed to disk
9. `letterkit send --send` of N rendered messages to a local SMTP server (aiosmtpd on
   127.0.0.1, --rate unlimited) vs a bare smtplib loop handing over the same files on
   one connection: what the register, the re-reading and the checks add; target 10x:
   the register flushes two lines to disk per message (on its way, taken), the price of
   never sending one twice, against some 1.5 ms per message for the bare loop
10. a re-run of the same mailing (every message already sent) vs the first send

Prints Markdown rows in the table format of benchmarks/bench.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import smtplib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from letterkit import api  # noqa: E402
from tests.mailserver import HOST, smtp_server  # noqa: E402

LETTER: dict[str, Any] = {
    "date": "2026-03-08",
    "subject": "Solidarity with your congress",
    "sender": {"name": "Workers' Solidarity Network", "email": "office@wsn.example.org"},
    "greeting": {"salutation": "Dear Comrades,"},
    "position": ["We stand with you.", "Workers of all countries unite."],
}


def project(work: Path, count: int, port: int) -> Path:
    """A project whose spec is a mail merge to ``count`` federations, sent to ``port``."""
    (work / "letterkit.toml").write_text(
        f'output = "out"\n[smtp]\nhost = "{HOST}"\nport = {port}\nsecurity = "none"\n', "utf-8"
    )
    people = [
        {"name": f"Federation {i}", "short_name": f"F{i:04}", "email": f"f{i}@example.org"}
        for i in range(1, count + 1)
    ]
    spec = work / "mailing.yaml"
    spec.write_text(json.dumps({**LETTER, "recipients": people}), "utf-8")
    return spec


def per_letter(spec: Path, formats: tuple[str, ...], out: Path) -> float:
    """Warm seconds per letter of one in-process render (jobs=1, forced)."""
    options = api.Options(formats=formats, output=out, jobs=1, force=True)
    started = time.perf_counter()
    result = api.render([spec], options)
    assert not result.failures, result.failures
    return (time.perf_counter() - started) / result.letters


def raw_loop(folder: Path, port: int) -> float:
    """Seconds for smtplib alone to hand over every .eml of a folder on one connection."""
    files = sorted(folder.glob("*.eml"))
    started = time.perf_counter()
    with smtplib.SMTP(HOST, port, "localhost") as conn:
        for path in files:
            conn.sendmail("office@wsn.example.org", ["someone@example.org"], path.read_bytes())
    return time.perf_counter() - started


def row(number: str, what: str, pair: tuple[float, float], target: float) -> str:
    a, b = pair
    verdict = "met" if a / b <= target else "**not met**"
    return f"| {number} | {what} | {a:.3f} / {b:.3f} s | {a / b:.2f}x | <= {target}x | {verdict} |"


def report(work: Path, size: int, count: int) -> None:
    with smtp_server() as (server, port):
        (work / "small").mkdir()
        small = project(work / "small", size, port)
        per_letter(small, ("pdf", "txt"), work / "warmup")  # imports, fonts, templates
        eml = per_letter(small, ("eml",), work / "eml")
        pdf_txt = per_letter(small, ("pdf", "txt"), work / "pdf-txt")
        (work / "big").mkdir()
        spec = project(work / "big", count, port)
        api.render([spec], api.Options(formats=("eml",)))
        sending = api.Sending(send=True)
        started = time.perf_counter()
        mailed = api.send([spec], api.Options(), sending, lambda _line: None)
        send_seconds = time.perf_counter() - started
        assert mailed.tally is not None and mailed.tally.sent == count, mailed.tally
        started = time.perf_counter()
        again = api.send([spec], api.Options(), sending, lambda _line: None)
        again_seconds = time.perf_counter() - started
        assert again.tally is not None and again.tally.already == count
        raw = raw_loop(spec.parent / "out", port)
        assert len(server.received) == 2 * count
    rows = [
        row(
            "8",
            f"warm per letter, `-f eml` vs `-f pdf -f txt` ({size} letters)",
            (eml, pdf_txt),
            1.3,
        ),
        row(
            "9",
            f"`send --send` of {count} rendered messages vs a bare smtplib loop",
            (send_seconds, raw),
            10.0,
        ),
        row(
            "10",
            f"`send --send` again ({count} already sent) vs the first send",
            (again_seconds, send_seconds),
            0.5,
        ),
    ]
    print("| # | comparison | measured | ratio | target | |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(
        f"\nThroughput: {count / send_seconds:.0f} messages/s through letterkit send "
        f"(rendering excluded), {count / raw:.0f} messages/s for bare smtplib; -f eml adds "
        f"{(eml - pdf_txt) * 1000:.1f} ms per letter to the PDF and text."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100, help="letters for ratio 8")
    parser.add_argument("--mailing", type=int, default=500, help="messages for ratios 9, 10")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="letterkit-mail-bench-"))
    try:
        report(work, args.batch, args.mailing)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
