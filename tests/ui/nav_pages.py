"""Saved pages for the navigation tests: headings, links (good, relative and hostile)."""

from __future__ import annotations

from pathlib import Path

PROSE = "The harbour keeps its old ways and the boats come in at dawn with the catch. " * 4
LONG_URL = "https://long.example/" + "x" * 5000


def page(base: str = "https://harbour.example/story/") -> str:
    return f"""<!doctype html><html><head><title>The Harbour Story</title>
<link rel="canonical" href="{base}"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>The Harbour Story</h1>
<p>{PROSE} The <a href="next.html">next story</a> follows it.</p>
<h2>Early Boats</h2>
<p>{PROSE} Nothing links here.</p>
<h2>Later Harbour Days</h2>
<p>{PROSE} See <a href="https://map.example/harbour">the map</a> and
<a href="javascript:alert(document.cookie)">[bold]click[/bold] me</a>.</p>
<h3>Hostile Corner</h3>
<p>{PROSE} <a href="https://evil.example/&#27;]8;;https://x&#7;[31m">esc&#27;[2Jape</a>
<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data link</a>
<a href="file:///etc/passwd">file link</a> <a href="{LONG_URL}">long link</a>.</p>
</article>
<footer><p>Share this story on Facebook</p><p>Copyright 2024 Harbour Inc. All rights reserved</p>
</footer></body></html>"""


NEXT = f"""<!doctype html><html><head><title>The Next Story</title></head><body>
<article><h1>The Next Story</h1><p>{PROSE} It is the next story.</p></article></body></html>"""


def write_page(folder: Path, base: str = "https://harbour.example/story/") -> Path:
    path = folder / "harbour.html"
    path.write_text(page(base), encoding="utf-8")
    return path
