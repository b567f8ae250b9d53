"""The one source of defaults, shared by the command line and the Python API."""

from __future__ import annotations

DEFAULT_FORMATS = ("pdf", "txt")
"""What ``letterkit render`` writes when no --format is given."""
STDOUT = "-"
"""The --output value that writes a single text format to standard output."""
TEXT_FORMATS = ("txt", "html")
"""Formats that may be written to standard output."""
