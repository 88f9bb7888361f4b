"""st_legacy."""

__version__ = "0.1.0"
