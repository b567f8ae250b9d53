"""Allow ``python -m letterkit``."""

from letterkit.cli import main

main()
