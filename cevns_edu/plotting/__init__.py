"""Figures of the course: each builds once and mutates its artists in ``update(**params)`` (no widgets)."""
