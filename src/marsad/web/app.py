"""The web app: JSON API under ``/api``, HTML dashboard at ``/``, one store behind both.

``create_app(db)`` opens the store once; ``marsad serve`` runs the app with uvicorn on
127.0.0.1. Pages load only this server's own CSS and JS (plotly.js comes from the installed
plotly package), and a Content-Security-Policy tells the browser to load nothing else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from marsad.settings import Settings
from marsad.store import open_store
from marsad.web import api, pages

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def plotly_js() -> Path:
    """The plotly.js bundle that ships inside the plotly Python package."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def create_app(db: str, *, token: str | None = None) -> FastAPI:
    """The app over the store at ``db``; ``token`` enables the write endpoints."""
    store = open_store(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="marsad",
        summary="Arabic news observatory: articles, actors, quotes, events, stories, labels.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load their assets from a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.token = token or None
    app.state.settings = Settings(db=db)
    app.state.resources = None  # the pipeline's, loaded on the first POST /api/articles

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript")

    static = Path(str(resources.files("marsad.web") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    pages.install_error_pages(app)
    return app
