"""Cleaning: split files into articles, remove boilerplate, keep every body sentence."""

from marsad.clean.segment import Cleaned, clean_lines, split_articles

__all__ = ["Cleaned", "clean_lines", "split_articles"]
