"""st_cfg."""

__version__ = "0.2.0"
