"""Ignored by git, re-included by include = [...] (default format: sdist only)."""
GENERATED = True
