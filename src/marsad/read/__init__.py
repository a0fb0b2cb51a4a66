"""Readers: one module per input format, all yielding RawDocument or Problem.

``read_paths`` never raises for a bad input: each unreadable file, or bad record inside a
file, is a ``Problem`` and the rest of the batch goes on.
"""

from marsad.read.core import iter_files, read_paths, read_stdin
from marsad.read.options import ReadOptions

__all__ = ["ReadOptions", "iter_files", "read_paths", "read_stdin"]
