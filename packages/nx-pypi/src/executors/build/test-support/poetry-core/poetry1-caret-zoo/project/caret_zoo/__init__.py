"""caret_zoo."""
