"""File -> cells and text with positions -> a typed record of ``schemas``."""
