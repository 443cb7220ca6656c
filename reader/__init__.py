"""reader: a terminal reader for articles."""

__version__ = "0.1.0"
