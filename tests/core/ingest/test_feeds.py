"""RSS and Atom feeds: parsing, sanitizing, item documents, fetching from a local server."""

from __future__ import annotations

import pytest

from reader.core.cleaning.html import clean_html
from reader.core.ingest.feeds import FeedError, feed_item_document, fetch_feed, parse_feed
from reader.core.ingest.fetch import HTTPStatusError, UnsupportedContent
from tests.core.ingest.test_fetch import Server, reply, server  # noqa: F401 (a fixture)

STORY = (
    "The library reopened on Monday after a two-year restoration that replaced the roof, "
    "rewired the reading rooms and restored the painted ceiling of the main hall. "
)

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Town News</title><link>http://news.example/</link>
<item>
  <title>Library [bold]reopens[/]</title>
  <link>http://news.example/library</link>
  <pubDate>Tue, 07 May 2024 10:00:00 GMT</pubDate>
  <author>desk@news.example (Ana Ruiz)</author>
  <description>&lt;p&gt;{STORY * 3}&lt;/p&gt;&lt;script&gt;alert("RSS-SCRIPT")&lt;/script&gt;
  &lt;img src="http://tracker.example/pixel.gif" onerror="steal()"&gt;
  &lt;p onclick="evil()"&gt;Second paragraph.&lt;/p&gt;</description>
</item>
<item><title>Plain item</title><link>http://news.example/plain</link>
  <description>Just words, no markup.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Journal</title><link href="http://atom.example/"/>
<id>urn:x</id><updated>2024-01-02T00:00:00Z</updated>
<entry>
  <title>First entry</title><link href="/first"/><id>urn:1</id>
  <updated>2024-01-02T03:04:05Z</updated>
  <summary>Short summary.</summary>
  <content type="html">&lt;h2&gt;Part one&lt;/h2&gt;&lt;p&gt;{STORY * 2}&lt;/p&gt;
  &lt;style&gt;p {{ color: red }} ATOM-STYLE&lt;/style&gt;&lt;p&gt;{STORY}&lt;/p&gt;</content>
</entry>
</feed>"""


def test_rss_items_are_parsed() -> None:
    feed = parse_feed(RSS.encode(), url="http://news.example/feed")
    assert feed.title == "Town News"
    assert feed.link == "http://news.example/"
    first, plain = feed.items
    assert first.title == "Library [bold]reopens[/]"
    assert first.link == "http://news.example/library"
    assert first.date == "2024-05-07"
    assert first.author
    assert "Just words, no markup." in plain.summary


def test_feed_html_is_sanitized() -> None:
    summary = parse_feed(RSS).items[0].summary
    assert "<script" not in summary and "RSS-SCRIPT" not in summary
    assert "onerror" not in summary and "onclick" not in summary


def test_atom_content_and_relative_links() -> None:
    feed = parse_feed(ATOM, url="http://atom.example/feed.xml")
    entry = feed.items[0]
    assert entry.link == "http://atom.example/first"
    assert entry.date == "2024-01-02"
    assert "Part one" in entry.content_html
    assert "ATOM-STYLE" not in entry.content_html
    assert entry.summary == "<p>Short summary.</p>"  # plain text, escaped into HTML


def test_a_string_that_looks_like_a_url_is_not_fetched() -> None:
    with pytest.raises(FeedError):
        parse_feed("http://127.0.0.1:9/never-fetched.xml")


def test_garbage_is_not_a_feed() -> None:
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(b"\x00\x01 definitely not xml")


def test_an_item_becomes_an_article() -> None:
    feed = parse_feed(RSS)
    article = clean_html(feed_item_document(feed.items[0], feed))
    assert article.title == "Library [bold]reopens[/]"
    assert article.date == "2024-05-07"
    assert article.source == "Town News"
    assert STORY.strip()[:60] in article.text
    assert "RSS-SCRIPT" not in article.text


def test_atom_item_keeps_its_headings() -> None:
    feed = parse_feed(ATOM)
    article = clean_html(feed_item_document(feed.items[0], feed))
    assert any(b.kind == "heading" and b.text == "Part one" for b in article.blocks)
    assert "ATOM-STYLE" not in article.text


def test_a_short_item_still_has_its_text() -> None:
    feed = parse_feed(RSS)
    article = clean_html(feed_item_document(feed.items[1], feed))
    assert "Just words, no markup." in article.text


def test_feeds_are_fetched_from_a_local_server(server: Server) -> None:  # noqa: F811
    server.routes["/rss"] = reply(RSS, "application/rss+xml")
    server.routes["/atom"] = reply(ATOM, "text/xml")
    assert fetch_feed(server.url("/rss")).items[0].title == "Library [bold]reopens[/]"
    assert fetch_feed(server.url("/atom")).items[0].link == server.url("/first")
    with pytest.raises(HTTPStatusError, match="404"):
        fetch_feed(server.url("/missing"))
    server.routes["/png"] = reply(b"\x89PNG\r\n", "image/png")
    with pytest.raises(UnsupportedContent):
        fetch_feed(server.url("/png"))
