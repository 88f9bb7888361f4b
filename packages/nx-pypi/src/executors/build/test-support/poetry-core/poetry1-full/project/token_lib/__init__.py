"""Token-Lib: a synthetic fixture package."""

__version__ = "1.2.0"
