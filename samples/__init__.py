"""Filled application forms with ground truth: for testing and measuring the extractor."""
