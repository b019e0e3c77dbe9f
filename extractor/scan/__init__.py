"""Scan reader: page images uprighted, grid rebuilt from pixels, its cells' lines recognised."""

from extractor.scan.reader import page_image, read_scan

__all__ = ["page_image", "read_scan"]
