"""GraphiQL at `GET /graphql` works on a network that blocks CDNs (api/graphiql.py).

Over HTTP: the page names only same-origin files, each served 200 with its content type, cached
for a year, byte for byte the vendored copy, with or without a token. In a real headless Chromium
(Debian's, as tests/browser/test_review_browser.py drives it; never `playwright install`) with every
request not to the test server blocked: the editor appears and a query runs, with authentication
off (`make run`) and on (the token typed into GraphiQL's Headers pane). The wheel carries the files.
"""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
import zipfile
from collections.abc import AsyncIterator, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from playwright.async_api import Browser, Page, Route, async_playwright, expect

from api.graphiql import ASSETS, VENDORED
from graph.db import Database
from graph.settings import Settings
from tests.support.factories import Org
from tests.support.http_server import ApiClient, serve

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
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
#: The integrity hashes Strawberry's own GraphiQL page pins for the files it loads from unpkg.com:
#: the vendored copies are the same bytes.
STRAWBERRY_SRI = {
    "react-18.2.0.production.min.js": "tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
    "react-dom-18.2.0.production.min.js": "bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
    "graphiql-3.8.3.min.js": "HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    "graphiql-3.8.3.min.css": "Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    "graphiql-plugin-explorer-1.0.2.umd.js": "2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
    "graphiql-plugin-explorer-1.0.2.css": "5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
}  # fmt: skip
QUERY = '{ role(id: "R") { title } }'


class _References(HTMLParser):
    """Every URL an element of the page names (src, href, action, ...)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value:
                self.urls.append((tag, value))


def _page(client: ApiClient) -> httpx.Response:
    return client.http.get("/graphql", headers={"accept": "text/html"})


def test_the_page_loads_only_same_origin_files_each_served_and_cached(api: ApiClient) -> None:
    anonymous = api.with_token(None)  # the page and its files need no token, as before
    page = _page(anonymous)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "http" not in policy and "*" not in policy
    assert not re.search(r"https?:|//[a-z]", page.text, re.IGNORECASE), "an absolute URL"

    references = _References()
    references.feed(page.text)
    scripts = [url for tag, url in references.urls if tag == "script"]
    styles = [url for tag, url in references.urls if tag == "link" and url != "data:,"]
    assert len(scripts) == 5 and len(styles) == 3, references.urls
    for _tag, url in references.urls:
        if url == "data:,":  # the blank favicon
            continue
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and url.startswith("/static/graphiql/"), url
        response = anonymous.http.get(url)
        assert response.status_code == 200, (url, response.text[:200])
        name = parts.path.rsplit("/", 1)[1]
        expected = "text/javascript" if name.endswith(".js") else "text/css"
        assert response.headers["content-type"] == f"{expected}; charset=utf-8", url
        assert response.headers["content-encoding"] == "gzip"  # httpx asks for it
        assert response.headers["x-content-type-options"] == "nosniff"
        cache = response.headers["cache-control"]
        assert "max-age=31536000" in cache and "immutable" in cache, url
        assert response.content == ASSETS[name].path.read_bytes(), url
        digest = hashlib.sha256(response.content).hexdigest()
        assert parts.query == f"v={digest[:16]}", url  # a new file, a new URL
        if name in STRAWBERRY_SRI:
            sri = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
            assert sri == STRAWBERRY_SRI[name], name

    # without gzip, the same bytes; an unknown file is the usual 404 envelope
    plain = anonymous.http.get(scripts[0], headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == ASSETS[urlsplit(scripts[0]).path.rsplit("/", 1)[1]].content
    missing = anonymous.http.get("/static/graphiql/graphiql.min.js.map")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"


def test_each_vendored_package_keeps_its_licence_and_is_documented() -> None:
    readme = (VENDORED / "README.md").read_text(encoding="utf-8")
    for name in (
        "graphiql-3.8.3.LICENSE",
        "react-18.2.0.LICENSE",
        "react-dom-18.2.0.LICENSE",
        "graphiql-explorer-0.9.0.LICENSE",
    ):
        assert "MIT License" in (VENDORED / name).read_text(encoding="utf-8"), name
        assert f"`{name}`" in readme, name
    assert (
        '"license": "MIT"' in (VENDORED / "graphiql-plugin-explorer-1.0.2.package.json").read_text()
    )
    for asset in ASSETS.values():
        if asset.path.parent == VENDORED:
            assert f"`{asset.name}`" in readme, asset.name


def test_the_wheel_carries_the_graphiql_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("talentgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ASSETS.values():
        assert asset.path.relative_to(ROOT).as_posix() in names, asset.name
    assert "api/static/graphiql/README.md" in names
    assert "api/static/graphiql/react-18.2.0.LICENSE" in names
    # and the workforce dashboard's (api/review/workforce.py): Chart.js and the page's script
    for name in ("chart-4.5.1.umd.min.js", "chart-4.5.1.LICENSE", "README.md"):
        assert f"api/static/chartjs/{name}" in names
    assert "api/review/static/workforce.js" in names


# In a browser, with everything but the test server blocked


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the GraphiQL browser test needs Debian's Chromium "
            "(apt-get update && apt-get install -y chromium); CI installs it in .ci/run"
        )
    async with async_playwright() as playwright:
        found = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield found
        await found.close()


@pytest.fixture(scope="module")
def auth_off(neo4j_settings: Settings) -> Iterator[ApiClient]:
    """The API as `make run` serves it: authentication off, on loopback."""
    with serve(neo4j_settings, auth=False) as client:
        yield client


class _Offline:
    """A page on which every request not to `base` fails, as on a network that blocks CDNs;
    what was blocked, and what the page logged, are kept to be checked."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base.rstrip("/") + "/"
        self.blocked: list[str] = []
        self.problems: list[str] = []
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on(
            "console",
            lambda m: (
                self.problems.append(m.text)
                if m.type == "error" and "status of 401" not in m.text
                else None
            ),
        )

    async def start(self) -> None:
        async def only_the_server(route: Route) -> None:
            if route.request.url.startswith(self.base):
                await route.continue_()
            else:
                self.blocked.append(route.request.url)
                await route.abort("blockedbyclient")

        await self.page.context.route("**/*", only_the_server)


async def _open(browser: Browser, base: str, query: str) -> _Offline:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    offline = _Offline(await context.new_page(), base)
    await offline.start()
    await offline.page.goto(f"{base}/graphql?q={quote(query)}")
    # GraphiQL rendered: its query editor is there, holding the query from the address
    editor = offline.page.locator(".graphiql-query-editor .CodeMirror")
    await expect(editor).to_be_visible(timeout=30_000)
    await expect(editor).to_contain_text('role(id: "R")')
    return offline


async def _run(page: Page) -> None:
    await page.locator(".graphiql-execute-button").click()


async def test_graphiql_renders_and_runs_a_query_with_cdns_blocked(
    db: Database, auth_off: ApiClient, browser: Browser
) -> None:
    await Org().unit("U").role("R", "U", {}, title="Head of Sales").save(db)
    offline = await _open(browser, auth_off.base_url, QUERY)
    page = offline.page
    await _run(page)
    result = page.locator(".result-window")
    await expect(result).to_contain_text('"title": "Head of Sales"', timeout=30_000)
    # the schema loaded (introspection ran): the docs pane lists the query type's fields
    await page.get_by_role("button", name="Show Documentation Explorer").click()
    await expect(page.locator(".graphiql-doc-explorer")).to_contain_text("Query")
    # typing offers completions from that schema
    await page.locator(".graphiql-query-editor .CodeMirror").click()
    await page.keyboard.press("Control+End")
    await page.keyboard.type("\n{ emp")
    await page.keyboard.press("Control+Space")
    await expect(page.locator(".CodeMirror-hints")).to_contain_text("employee")
    # the explorer plugin is there too
    await page.get_by_role("button", name="Show GraphiQL Explorer").click()
    await expect(page.locator(".graphiql-explorer-root")).to_be_visible()
    assert offline.blocked == []  # it asked for nothing elsewhere
    assert offline.problems == []  # nor broke its own content security policy
    await page.context.close()


async def test_with_authentication_on_the_page_loads_and_queries_need_a_token(
    db: Database, api: ApiClient, browser: Browser
) -> None:
    await Org().unit("U").role("R", "U", {}, title="Head of Sales").save(db)
    offline = await _open(browser, api.base_url, QUERY)
    page = offline.page
    await _run(page)
    result = page.locator(".result-window")
    await expect(result).to_contain_text("UNAUTHENTICATED", timeout=30_000)
    # the token in GraphiQL's Headers pane, as the README says
    assert api.token
    await page.get_by_role("button", name="Headers").click()
    await page.locator(".graphiql-editor-tool .CodeMirror").filter(visible=True).click()
    await page.keyboard.type('{"Authorization": "Bearer ' + api.token + '"')
    await _run(page)
    await expect(result).to_contain_text('"title": "Head of Sales"', timeout=30_000)
    assert offline.blocked == []
    assert offline.problems == []
    await page.context.close()
