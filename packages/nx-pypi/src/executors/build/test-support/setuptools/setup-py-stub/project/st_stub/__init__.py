"""st_stub."""

__version__ = "0.3.0"
