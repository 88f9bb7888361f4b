"""Fallback lib."""
