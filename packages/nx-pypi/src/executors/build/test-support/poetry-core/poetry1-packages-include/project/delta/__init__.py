"""delta package (sdist only)."""
