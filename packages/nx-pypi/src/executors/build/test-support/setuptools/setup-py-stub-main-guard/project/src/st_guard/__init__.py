"""st_guard."""
