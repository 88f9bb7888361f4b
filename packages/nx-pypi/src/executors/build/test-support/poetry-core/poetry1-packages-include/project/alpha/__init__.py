"""alpha package."""
