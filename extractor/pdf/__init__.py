"""PDF reader: text layer and vector lines via pdfplumber, scanned pages via OCR."""

from extractor.pdf.reader import read_pdf

__all__ = ["read_pdf"]
