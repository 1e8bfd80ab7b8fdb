"""Inspection views (filled in by the lead)."""
