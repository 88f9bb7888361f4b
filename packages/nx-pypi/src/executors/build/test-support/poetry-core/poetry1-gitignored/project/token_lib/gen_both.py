"""Ignored by git, re-included for both sdist and wheel."""
BOTH = True
