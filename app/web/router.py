"""The built-in dashboard at `/`: one static page that reads only the public API.

Browser libraries come from PyPI XStatic packages (Leaflet, Leaflet.markercluster); the
Natural Earth basemap and topojson-client are npm release files vendored by `vendor.sh`.
Nothing is loaded from another host.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import fastapi_offline
import xstatic.pkg.leaflet_markercluster as markercluster
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from xstatic.pkg import leaflet

HERE = Path(__file__).parent
STATIC = HERE / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/ui/basemap.json")
def basemap() -> FileResponse:
    """Natural Earth 1:110m countries (world-atlas 2.0.2, TopoJSON)."""
    return FileResponse(HERE / "data" / "countries-110m.json", media_type="application/json")


# Redoc's bundle draws a "by Redocly" logo fetched from its CDN; the page must make no request
# off the server, so that one URL is pointed at the favicon fastapi-offline ships beside it.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
OFFLINE_DOCS = "/static-offline-docs"


@lru_cache(maxsize=1)
def _redoc_js() -> bytes:
    bundle = Path(fastapi_offline.__file__).parent / "static" / "redoc.standalone.js"
    return bundle.read_bytes().replace(REDOC_LOGO.encode(), f"{OFFLINE_DOCS}/favicon.png".encode())


@router.get("/ui/redoc.standalone.js")
def redoc_js() -> Response:
    return Response(_redoc_js(), media_type="text/javascript")


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return get_redoc_html(
        openapi_url="/openapi.json",
        title="Dyad - ReDoc",
        redoc_js_url="/ui/redoc.standalone.js",
        redoc_favicon_url=f"{OFFLINE_DOCS}/favicon.png",
        with_google_fonts=False,
    )


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")
    app.mount("/ui/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="ui-leaflet")
    app.mount(
        "/ui/markercluster", StaticFiles(directory=markercluster.BASE_DIR), name="ui-markercluster"
    )
