"""fetch.py against a local HTTP server on 127.0.0.1: limits, redirects, errors, storing."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.core.cleaning.clean import clean
from reader.core.ingest import fetch
from reader.core.ingest.fetch import (
    BadURL,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NetworkError,
    TooLarge,
    TooManyRedirects,
    UnsupportedContent,
    fetch_url,
    load_page,
    store_page,
)

Route = Callable[[BaseHTTPRequestHandler], None]

PAGE = (
    "<html><head><title>Local page</title></head><body><article><h1>Local page</h1>"
    + "".join(f"<p>Paragraph {n} of the local page, long enough to be article text.</p>"
              for n in range(8))
    + "</article></body></html>"
)  # fmt: skip


def reply(body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200):
    data = body.encode("utf-8") if isinstance(body, str) else body

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


class Server:
    """A local HTTP server whose routes a test sets: path -> function(handler)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[tuple[str, str]] = []  # (path, user agent)
        routes, seen = self.routes, self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append((self.path, self.headers.get("User-Agent", "")))
                route = routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                # the client may give up, as it should for a huge or slow answer
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    running = Server()
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def test_fetches_a_page_with_its_type_encoding_and_user_agent(server: Server) -> None:
    server.routes["/a"] = reply(PAGE)
    page = fetch_url(server.url("/a"))
    assert page.body == PAGE.encode()
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert page.final_url == page.url == server.url("/a")
    assert server.seen[0][1] == fetch.USER_AGENT


def test_follows_redirects_up_to_the_limit(server: Server) -> None:
    server.routes["/page"] = reply(PAGE)
    for n in range(3):
        server.routes[f"/r{n}"] = redirect(f"/r{n + 1}" if n < 2 else "/page")
    page = fetch_url(server.url("/r0"), max_redirects=3)
    assert page.final_url == server.url("/page")
    assert page.url == server.url("/r0")


def test_a_redirect_chain_over_the_limit_is_refused(server: Server) -> None:
    for n in range(10):
        server.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    with pytest.raises(TooManyRedirects, match="more than 3 redirects"):
        fetch_url(server.url("/r0"), max_redirects=3)
    assert len(server.seen) == 4  # the first request and three redirects, no more


def test_a_redirect_loop_is_refused(server: Server) -> None:
    server.routes["/loop"] = redirect("/loop", 301)
    with pytest.raises(TooManyRedirects):
        fetch_url(server.url("/loop"))


def test_a_redirect_to_another_scheme_is_refused(server: Server) -> None:
    server.routes["/file"] = redirect("file:///etc/passwd")
    with pytest.raises(FetchError, match="file:///etc/passwd"):
        fetch_url(server.url("/file"))


def test_http_errors_name_the_status(server: Server) -> None:
    with pytest.raises(HTTPStatusError, match="404 Not Found") as caught:
        fetch_url(server.url("/missing"))
    assert caught.value.status == 404
    assert server.url("/missing") in str(caught.value)
    server.routes["/boom"] = reply("oops", status=500)
    with pytest.raises(HTTPStatusError, match="500 Internal Server Error"):
        fetch_url(server.url("/boom"))


def test_a_slow_server_times_out(server: Server) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        reply(PAGE)(handler)

    server.routes["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="timed out"):
        fetch_url(server.url("/slow"), timeout=0.2)
    assert time.monotonic() - started < 1.4


def test_a_huge_response_stops_at_the_size_limit(server: Server) -> None:
    server.routes["/huge"] = reply(b"x" * 200_000)
    with pytest.raises(TooLarge, match="limit"):
        fetch_url(server.url("/huge"), max_bytes=10_000)


def test_a_huge_response_without_length_stops_at_the_size_limit(server: Server) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: read until the limit
        for _ in range(100):
            handler.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")

    server.routes["/endless"] = endless
    with pytest.raises(TooLarge):
        fetch_url(server.url("/endless"), max_bytes=50_000)


def test_non_html_content_is_refused(server: Server) -> None:
    server.routes["/image"] = reply(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
    with pytest.raises(UnsupportedContent, match="image/png") as caught:
        fetch_url(server.url("/image"))
    assert caught.value.content_type == "image/png"
    server.routes["/feed"] = reply("<rss/>", "application/rss+xml")
    with pytest.raises(UnsupportedContent, match="feed"):
        fetch_url(server.url("/feed"))


def test_plain_text_and_xhtml_are_accepted(server: Server) -> None:
    server.routes["/t"] = reply("Just text.", "text/plain")
    server.routes["/x"] = reply(PAGE, "application/xhtml+xml")
    assert fetch_url(server.url("/t")).content_type == "text/plain"
    assert fetch_url(server.url("/x")).content_type == "application/xhtml+xml"


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)", "example.com/page",
     "http://", "http://host:99999/"],
)  # fmt: skip
def test_only_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(BadURL):
        fetch_url(url)


def test_a_closed_port_is_a_network_error(server: Server) -> None:
    url = server.url("/")
    server.httpd.shutdown()
    server.httpd.server_close()
    with pytest.raises(NetworkError):
        fetch_url(url, timeout=2)


def test_a_stored_page_opens_offline_as_an_article(server: Server, tmp_path) -> None:
    server.routes["/story"] = reply(PAGE.replace("Local page", "Stored story"))
    page = fetch_url(server.url("/story"))
    path = store_page(page, tmp_path)
    assert path.parent == tmp_path / "pages"
    assert path.name == fetch.page_key(page.url) + ".html"
    meta = json.loads(path.with_suffix(".json").read_text())
    assert meta["url"] == page.url
    assert meta["content_type"] == "text/html"
    assert meta["fetched"]
    assert fetch.stored_page(page.url, tmp_path) == path
    server.httpd.shutdown()  # offline from here on
    doc = load_page(path)
    assert doc.format == "html"
    assert doc.name == page.url
    article = clean(doc)
    assert article.title == "Stored story"
    assert "Paragraph 3 of the local page" in article.text
    assert article.source.startswith("127.0.0.1")


def test_the_page_charset_is_used_to_decode(tmp_path) -> None:
    body = '<html><head><meta charset="iso-8859-7"></head><body><p>Καλημέρα</p></body></html>'
    page = fetch.FetchedPage("http://x.test/", "http://x.test/", "text/html",
                             body.encode("iso-8859-7"), None)  # fmt: skip
    doc = load_page(store_page(page, tmp_path))
    assert "Καλημέρα" in doc.text
