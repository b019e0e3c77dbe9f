"""Layouts: where each value of a form goes, faithful to the notice or varied."""
