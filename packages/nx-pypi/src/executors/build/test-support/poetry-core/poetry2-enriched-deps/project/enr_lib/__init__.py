"""Enriched."""
