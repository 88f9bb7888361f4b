"""verpkg."""
