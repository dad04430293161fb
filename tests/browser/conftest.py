"""A real browser (Debian's chromium driven by Playwright) against the app served by uvicorn
on a free local port, over the test database seeded with the API fixtures plus 20k cloned
events. Screenshots go to tests/browser/artifacts/ (gitignored) to be looked at."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from app.db import get_sessionmaker
from app.extract.pool import ExtractionPool
from app.ingest.readers import parse_seed_text
from app.ingest.service import ingest_article
from tests.api.seeded import seed_more
from tests.browser.bulk import clone_article
from tests.conftest import IS_POSTGRES, _empty_tables

ARTIFACTS = Path(__file__).parent / "artifacts"
SEEDS = Path(__file__).parents[2] / "seeds"
EVENTS = 20_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(engine: Engine) -> Iterator[str]:
    _empty_tables(engine)
    factory = get_sessionmaker()
    with factory() as session:
        seed_more(session)
        session.commit()
    # A real article through the real extractor, so every span on the page is a real one.
    raw = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    with ExtractionPool() as pool:
        stored = ingest_article(factory, parse_seed_text(raw), pool)
    with factory() as session:
        clone_article(session, stored.article_id, EVENTS)
        session.commit()
    from app.main import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield base
    srv.should_exit = True
    thread.join(timeout=10)
    _empty_tables(engine)


@pytest.fixture(scope="module")
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()


class Watched:
    """A page with every request URL, console error and page error it produced."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def foreign(self, base: str) -> list[str]:
        local = (base, f"blob:{base}", "data:")
        return [u for u in self.requests if not u.startswith(local)]

    def shot(self, name: str, full: bool = True) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}-{'postgresql' if IS_POSTGRES else 'sqlite'}.png"
        self.page.screenshot(path=path, full_page=full)
        return path


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.page.close()
