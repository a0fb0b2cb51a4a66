"""Loaded labels (placeholder while the events annotator is developed)."""

from __future__ import annotations

from marsad.model import Entity, Label


def find_labels(text: str, entities: tuple[Entity, ...]) -> tuple[Label, ...]:
    return ()
