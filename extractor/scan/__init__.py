"""Scan reader: page images uprighted, recognised once by RapidOCR, grid rebuilt from pixels."""

from extractor.scan.reader import read_scan

__all__ = ["read_scan"]
