"""The pages a logged-in user reaches from the home page: a breadth-first walk of same-site links.

Shared by bench/web_load.py (over HTTP) and bench/page_queries.py (in process). Only GET links are
followed; links that log out, download files, change data or lead to the API are left out, and
pages that differ only in their query string are visited once per path shape (a list's first page,
not all of its pages).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable

_HREF = re.compile(r'href="(/[^"#]*)"')
_SKIP = re.compile(r"^/(static|media|api|logout|login|admin|account/password|healthz)|"
                   r"(download|export|\.(json|csv|xlsx|docx|pdf|zip|xml|svg|png|ico|js|css)$)|/delete|/new/?$")
_NUMBER = re.compile(r"\d+")


def _shape(path: str) -> str:
    """A path with its numbers blanked: /plans/12/ and /plans/13/ are the same kind of page."""
    return _NUMBER.sub("#", path.split("?", 1)[0])


def crawl_links(fetch: Callable[[str], tuple[int, str]], *, start: str = "/", max_pages: int = 60,
                per_shape: int = 2) -> list[str]:
    """Visit pages from `start`; fetch(path) returns (status, html). Returns the paths answered 200."""
    seen: set[str] = {start}
    shapes: dict[str, int] = {}
    queue = deque([start])
    ok: list[str] = []
    while queue and len(ok) < max_pages:
        path = queue.popleft()
        status, html = fetch(path)
        if status != 200:
            continue
        ok.append(path)
        for raw in _HREF.findall(html):
            link = raw.replace("&amp;", "&")
            if link in seen or _SKIP.search(link.split("?", 1)[0]):
                continue
            shape = _shape(link)
            if shapes.get(shape, 0) >= per_shape:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            seen.add(link)
            queue.append(link)
    return ok
