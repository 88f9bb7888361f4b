"""gamma package (to vendor/ in the wheel)."""
