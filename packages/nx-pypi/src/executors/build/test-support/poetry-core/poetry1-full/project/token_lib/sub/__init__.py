"""Sub-package with a data file."""
