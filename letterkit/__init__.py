"""letterkit: formal letters from a YAML spec, as a typeset PDF and a plain-text twin."""

__version__ = "0.1.0"
