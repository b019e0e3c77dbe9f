"""Word .docx files -> Layout: ``read_docx(path, source=...)``."""

from extractor.docx.reader import read_docx

__all__ = ["read_docx"]
