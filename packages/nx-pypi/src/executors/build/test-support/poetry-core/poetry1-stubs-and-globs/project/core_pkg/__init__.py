"""core_pkg."""
