"""Web dashboard and HTTP JSON API over a store: ``create_app(db)``, served by ``marsad serve``."""

from marsad.web.app import create_app

__all__ = ["create_app"]
