"""The dashboard in a real browser (Debian's chromium through Playwright) on the sample
corpus: every page renders right-to-left with its plots, search → article → actor → story
can be clicked through, no request leaves localhost, and hostile article text never runs."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from web_sample import SCRIPT, XSS_KEY, build

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("chromium is not installed", allow_module_level=True)

import uvicorn  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from marsad.report import write_report  # noqa: E402
from marsad.web import create_app  # noqa: E402

SHOTS = Path(__file__).parent / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = {"127.0.0.1", "localhost"}
PLOT_PAGES = ["/timeline", "/network", "/labels", "/outlets", "/actors/marsad:khalifa-haftar"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("browser") / "m.db")


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


class Watch:
    """What a page did besides rendering: hosts it asked for, dialogs, script errors."""

    def __init__(self, page: Page) -> None:
        self.hosts: set[str | None] = set()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.hosts.add(urlsplit(r.url).hostname))
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def _dialog(self, dialog) -> None:  # noqa: ANN001 - playwright's Dialog
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self) -> None:
        assert self.hosts <= LOCAL | {None}, self.hosts  # data: and blob: have no host
        assert self.dialogs == []
        assert self.errors == []


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ar")
    # nothing may leave this machine: every other host is refused (and recorded by Watch)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname in LOCAL else route.abort()
        ),
    )
    pg = context.new_page()
    watch = Watch(pg)
    yield pg, watch
    context.close()
    watch.check()


def assert_rtl(pg: Page) -> None:
    assert pg.evaluate("document.documentElement.dir") == "rtl"
    assert pg.evaluate("document.documentElement.lang") == "ar"
    assert pg.evaluate("getComputedStyle(document.body).direction") == "rtl"


def shot(pg: Page, name: str, full: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


@pytest.mark.parametrize(
    "path",
    ["/", "/actors", "/stories", "/stories/1", "/articles/1", "/timeline", "/network", "/labels"]
    + ["/outlets", "/actors/marsad:khalifa-haftar", "/?q=" + quote("وقف إطلاق")],
)
def test_every_page_renders_rtl(server, page, path):
    pg, _ = page
    response = pg.goto(server + path)
    assert response is not None and response.status == 200
    assert_rtl(pg)
    assert pg.locator("header.top nav a").count() >= 7
    if path in PLOT_PAGES:
        pg.wait_for_selector("div.plot .main-svg", timeout=15_000)
        assert pg.locator("div.plot .main-svg").count() >= 1


def test_search_article_actor_story(server, page):
    pg, _ = page
    pg.goto(server + "/")
    pg.fill("input[name=q]", "حفتر")
    pg.click("form.filters button[type=submit]")
    pg.wait_for_url("**/?q=*")
    assert "حفتر" in pg.inner_text("h1")
    assert pg.locator(".snippet mark").count() >= 1
    shot(pg, "search")
    pg.locator(".result a.title").first.click()
    pg.wait_for_url("**/articles/*")
    assert_rtl(pg)
    text = pg.locator("#text .text")
    assert text.locator("span.ent").count() > 5
    assert text.locator("span.quote").count() >= 1
    assert text.locator("span.time").count() >= 1
    assert text.locator("span.event").count() >= 1
    box = text.bounding_box()
    assert box and box["width"] > 400
    shot(pg, "article")
    pg.locator(".side a", has_text="خليفة حفتر").first.click()
    pg.wait_for_url("**/actors/*")
    assert "خليفة حفتر" in pg.inner_text("h1")
    pg.wait_for_selector("div.plot .main-svg", timeout=15_000)
    shot(pg, "actor", full=True)
    pg.locator("a.story-link").first.click()
    pg.wait_for_url("**/stories/*")
    assert pg.locator(".outlet-col").count() >= 1
    assert_rtl(pg)
    shot(pg, "story")


def test_side_list_lights_up_its_spans(server, page):
    pg, _ = page
    pg.goto(server + "/articles/3")
    item = pg.locator(".side li[data-ann^=q]").first
    ann = item.get_attribute("data-ann")
    item.hover()
    assert pg.locator(f'#text span[data-ann="{ann}"].hot').count() >= 1
    pg.uncheck("input[data-toggle=ent]")
    assert "off-ent" in (pg.get_attribute("#text .text", "class") or "")


@pytest.mark.parametrize("name", ["timeline", "network", "labels"])
def test_plots(server, page, name):
    pg, _ = page
    pg.goto(f"{server}/{name}")
    pg.wait_for_selector("div.plot .main-svg", timeout=15_000)
    pg.wait_for_timeout(300)
    shot(pg, name)


def test_hostile_text_never_runs(server, page):
    pg, watch = page
    pg.goto(f"{server}/article?key={quote(XSS_KEY, safe='')}")
    assert pg.url.startswith(server + "/articles/")
    assert SCRIPT in pg.inner_text("#text")  # shown as text
    assert SCRIPT in pg.inner_text("h1")
    assert pg.locator("#text img, h1 script, #text script").count() == 0
    for path in ["/", "/?q=" + quote("موسكو"), "/timeline", "/network", "/actors", "/stories"]:
        pg.goto(server + path)
        pg.wait_for_load_state("load")
    pg.wait_for_timeout(500)
    assert watch.dialogs == []


def test_no_request_leaves_localhost(server, page):
    pg, watch = page
    for path in ["/", *PLOT_PAGES]:
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
    assert watch.hosts <= LOCAL | {None}


def test_report_opens_from_a_file_with_no_network(browser, db, tmp_path):
    out = tmp_path / "report.html"
    write_report(db, out)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, offline=True)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    pg = context.new_page()
    watch = Watch(pg)
    pg.goto(out.as_uri())
    pg.wait_for_selector("div.plot .main-svg", timeout=20_000)
    assert_rtl(pg)
    assert pg.locator("div.plot .main-svg").count() >= 3
    assert SCRIPT in pg.inner_text("body")
    pg.locator("#labels").scroll_into_view_if_needed()
    pg.wait_for_timeout(300)
    shot(pg, "report")
    context.close()
    watch.check()
