"""opt_markers."""
