"""URLs -> pages: fetching over http(s) with limits, and keeping the raw page for offline reading.

Only the page itself is fetched: nothing it links to (scripts, images, styles) is, and nothing
in it runs. Every failure is a `FetchError` whose message names the URL and says what happened.
Fetched pages are stored raw (`store_page`) so the article opens offline and can be extracted
again when the extractor improves.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from reader.core.atomic import write_atomic
from reader.core.ingest.loading import LoadError, decode, sanitize
from reader.core.models import RawDocument

USER_AGENT = "reader/0.1 (terminal article reader; +https://pypi.org/project/reader/)"
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
#: The longest a whole download may take, however steadily a slow server sends.
DEFAULT_TOTAL_TIMEOUT = 60.0
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/xml",
        "text/xml",
    }
)
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL could not be fetched; str(error) is a message for the user naming the URL."""


class BadURL(FetchError):
    """Not an http(s) URL, or not a URL at all."""


class NetworkError(FetchError):
    """The host could not be found or reached, or the connection broke."""


class FetchTimeout(NetworkError):
    """The server did not answer, or did not finish sending, in time."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (404 Not Found, 500, ...)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class TooManyRedirects(FetchError):
    """More redirects than allowed (or a redirect loop)."""


class TooLarge(FetchError):
    """The response is larger than the size limit."""


class UnsupportedContent(FetchError):
    """The response is not a page (an image, a PDF, ...)."""

    def __init__(self, message: str, content_type: str) -> None:
        super().__init__(message)
        self.content_type = content_type


@dataclass(frozen=True)
class FetchedPage:
    url: str
    """The URL asked for."""
    final_url: str
    """Where the page was found, after redirects."""
    content_type: str
    """The media type alone, lower case ("text/html"); parameters are left out."""
    body: bytes
    encoding: str | None
    """The charset the server declared, if any."""


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
) -> FetchedPage:
    """Fetch a web page (HTML, XHTML or plain text). Raises FetchError."""
    return fetch(
        url,
        accept=HTML_TYPES,
        timeout=timeout,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        total_timeout=total_timeout,
    )


def fetch(
    url: str,
    *,
    accept: frozenset[str] = HTML_TYPES,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
) -> FetchedPage:
    """Fetch a URL whose media type is one of `accept`. Raises FetchError.

    `timeout` bounds connecting and each wait for data; `total_timeout` the whole download.
    """
    check_url(url)
    redirects = _RedirectHandler(url, max_redirects)
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        redirects,
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
            "Accept-Encoding": "identity",
        },
    )
    deadline = time.monotonic() + total_timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            content_type = response.headers.get_content_type().lower()
            if content_type not in accept:
                raise UnsupportedContent(_unsupported(url, content_type), content_type)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise TooLarge(_too_large(url, max_bytes))
            body = _read(response, url, max_bytes, deadline)
            encoding = response.headers.get_content_charset()
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location", "") if error.headers else ""
        if 300 <= error.code < 400 and location:  # urllib refused the target's scheme
            raise BadURL(f"{url}: redirects to {location}, which is not an http(s) URL") from None
        raise _status_error(url, error.code) from None
    except urllib.error.URLError as error:
        raise _network_error(url, error.reason) from None
    except (OSError, http.client.HTTPException) as error:
        raise _network_error(url, error) from None
    except ValueError as error:  # a URL urllib cannot parse (a bad port, ...)
        raise BadURL(f"{url}: not a valid URL ({error})") from None
    return FetchedPage(url, final_url, content_type, body, encoding)


def check_url(url: str) -> None:
    """Raise BadURL unless url is an http or https URL with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError as error:
        raise BadURL(f"{url}: not a valid URL ({error})") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}: URLs" if parts.scheme else "addresses without http(s)://"
        raise BadURL(f"{url}: only http and https URLs can be opened, not {shown}")
    if not parts.hostname:
        raise BadURL(f"{url}: the URL has no host name")


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most `limit` redirects, and only to http(s) URLs."""

    def __init__(self, url: str, limit: int) -> None:
        self.url = url
        self.limit = limit
        self.count = 0
        # urllib's own loop detection would fire first with its own message: ours decides.
        self.max_repeats = self.max_redirections = limit + 100

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.count += 1
        if self.count > self.limit:
            raise TooManyRedirects(
                f"{self.url}: more than {self.limit} redirects (last to {newurl}); not followed"
            )
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise BadURL(f"{self.url}: redirects to {newurl}, which is not an http(s) URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read(response: http.client.HTTPResponse, url: str, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchTimeout(f"{url}: the download took too long; stopped")
        chunk = response.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(_too_large(url, max_bytes))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def _too_large(url: str, max_bytes: int) -> str:
    return f"{url}: larger than the {_mb(max_bytes)} limit; not downloaded"


def _unsupported(url: str, content_type: str) -> str:
    if content_type in FEED_TYPES:
        return f"{url}: is a feed ({content_type}); open it as a feed"
    return f"{url}: is {content_type}, not a web page; only HTML and plain text can be read"


def _status_error(url: str, code: int) -> HTTPStatusError:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "error"
    return HTTPStatusError(f"{url}: the server answered {code} {phrase}", code)


def _network_error(url: str, reason: object) -> FetchError:
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return FetchTimeout(f"{url}: no answer in time (timed out); try again later")
    if isinstance(reason, socket.gaierror):
        return NetworkError(f"{url}: host not found; check the address and your connection")
    if isinstance(reason, ConnectionRefusedError):
        return NetworkError(f"{url}: connection refused by the server")
    if isinstance(reason, ssl.SSLError):
        return NetworkError(f"{url}: secure connection failed ({reason})")
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        return NetworkError(f"{url}: the connection broke ({type(reason).__name__})")
    detail = getattr(reason, "strerror", None) or reason
    return NetworkError(f"{url}: cannot be fetched ({detail})")


# ---------------------------------------------------------------- keeping pages


def page_key(url: str) -> str:
    """The name a page is stored under: the SHA-256 of its URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def stored_page(url: str, data_dir: Path) -> Path | None:
    """The stored copy of url's page, if there is one."""
    path = Path(data_dir) / "pages" / f"{page_key(url)}.html"
    return path if path.is_file() else None


def store_page(page: FetchedPage, data_dir: Path) -> Path:
    """Save the raw page as data_dir/pages/<sha256 of the URL>.html, with a JSON sidecar.

    The sidecar (same name, .json) records the URL, where it led, when it was fetched, and
    the content type and charset. A later fetch of the same URL replaces both, atomically.
    """
    folder = Path(data_dir) / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    key = page_key(page.url)
    path = folder / f"{key}.html"
    meta = {
        "url": page.url,
        "final_url": page.final_url,
        "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "content_type": page.content_type,
        "encoding": page.encoding,
        "sha256": hashlib.sha256(page.body).hexdigest(),
    }
    write_atomic(path, page.body)
    write_atomic(folder / f"{key}.json", json.dumps(meta, indent=1).encode("utf-8"))
    return path


def page_meta(path: Path) -> dict[str, str]:
    """The sidecar of a stored page ({} when it is missing or unreadable)."""
    try:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def load_page(path: Path) -> RawDocument:
    """A stored page as a RawDocument (format "html", named by its URL). Raises LoadError."""
    path = Path(path)
    meta = page_meta(path)
    name = str(meta.get("url") or path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(
            f"{name}: the saved page cannot be read ({error.strerror or error})"
        ) from None
    fmt = "text" if meta.get("content_type") == "text/plain" else "html"
    return page_document(data, name, declared=meta.get("encoding"), path=path, fmt=fmt)


def page_document(
    data: bytes,
    name: str,
    *,
    declared: str | None = None,
    path: Path | None = None,
    fmt: Literal["html", "text"] = "html",
) -> RawDocument:
    """Page bytes -> RawDocument: decoded by the declared charset, the page's own, or UTF-8."""
    if not data.strip():
        raise LoadError(f"{name}: empty page; nothing to read")
    warnings: tuple[str, ...] = ()
    text = None
    for charset in (declared, _meta_charset(data)):
        if charset and isinstance(charset, str):
            try:
                text = data.decode(charset)
                encoding = charset
                break
            except (LookupError, UnicodeError):  # unknown, or not a text codec (punycode)
                continue
    if text is None:
        text, encoding, warnings = decode(data, name)
    return RawDocument(
        name=name,
        text=sanitize(text),
        format=fmt,
        path=path,
        encoding=encoding,
        warnings=warnings,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _meta_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "replace") if found else None
