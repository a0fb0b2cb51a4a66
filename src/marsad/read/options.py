"""Reader options and the unpacking budget shared by one input's archives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: column mapping, forced encoding and size limits."""

    text_col: str | None = None
    title_col: str | None = None
    url_col: str | None = None
    date_col: str | None = None
    outlet_col: str | None = None
    encoding: str | None = None
    max_bytes: int = 50_000_000
    max_unpacked_bytes: int = 500_000_000


class Budget:
    """Bytes still allowed to be unpacked from one top-level input."""

    def __init__(self, total: int) -> None:
        self.remaining = total

    def take(self, size: int) -> bool:
        """Spend ``size`` bytes; False when that goes over the budget."""
        self.remaining -= size
        return self.remaining >= 0
