"""Placeholder: filled in by the data helper in the next commits."""
