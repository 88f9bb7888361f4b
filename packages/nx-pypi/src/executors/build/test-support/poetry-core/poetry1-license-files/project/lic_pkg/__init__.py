"""lic_pkg."""
