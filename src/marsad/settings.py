"""Settings: defaults -> user file (YAML) -> CLI flags, one frozen object passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from marsad.errors import MarsadError


@dataclass(frozen=True)
class Settings:
    db: str = "marsad.db"  # SQLite path or a postgresql:// URL
    boilerplate_files: tuple[str, ...] = ()  # extra boilerplate.yaml-shaped files
    outlet_files: tuple[str, ...] = ()  # extra outlets.yaml-shaped files
    agency_files: tuple[str, ...] = ()  # extra agencies.yaml-shaped files
    actor_files: tuple[str, ...] = ()  # extra kb/data/actors.yaml-shaped files
    batch_size: int = 200  # articles per store transaction
    max_chars: int = 2_000_000  # longer texts are cut before annotation (size bound)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the user's YAML file (if any), then explicit overrides (CLI flags)."""
    settings = Settings()
    if path:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise MarsadError("E401", str(path), str(exc)) from exc
        known = {f.name for f in fields(Settings)}
        unknown = set(data) - known
        if unknown:
            raise MarsadError("E401", str(path), f"unknown settings {sorted(unknown)}")
        settings = settings.with_(
            **{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        )
    return settings.with_(**overrides)
