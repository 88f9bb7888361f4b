"""st_flat."""
