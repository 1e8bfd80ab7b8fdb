"""A short-lived, per-process cache of rendered scan pages for anonymous visitors.

The scan page is the busiest page (a label on a shelf is scanned again and again) and most of its cost is
rendering the template. For ``SCAN_PAGE_CACHE_SECONDS`` (default 30 s; 0 turns it off) an anonymous
visitor gets the page rendered for the previous one in the same language, together with the ids needed to
count the scan. A recall or an inspection result therefore shows on the public page within that many
seconds; logged-in users and requests carrying a flash message always get a fresh page.

The same URL answers HTML or JSON (``Accept: application/json``); the caller's key names the format, so a
cached page is never served to a JSON request nor a cached JSON answer to a browser (``html`` holds either).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app, session
from flask_login import current_user

MAX_ENTRIES = 2000


@dataclass(frozen=True)
class CachedPage:
    html: str
    code: str
    product_id: int
    batch_id: int | None
    expires: float


_pages: OrderedDict[tuple, CachedPage] = OrderedDict()
_lock = threading.Lock()


def usable() -> bool:
    return (
        current_app.config.get("SCAN_PAGE_CACHE_SECONDS", 0) > 0
        and not current_user.is_authenticated
        and not session.get("_flashes")
    )


def get(key: tuple) -> CachedPage | None:
    with _lock:
        page = _pages.get(key)
        if page is None:
            return None
        if page.expires < time.monotonic():
            del _pages[key]
            return None
        _pages.move_to_end(key)
        return page


def put(key: tuple, html: str, code: str, product_id: int, batch_id: int | None) -> None:
    expires = time.monotonic() + current_app.config["SCAN_PAGE_CACHE_SECONDS"]
    with _lock:
        _pages[key] = CachedPage(html, code, product_id, batch_id, expires)
        _pages.move_to_end(key)
        while len(_pages) > MAX_ENTRIES:
            _pages.popitem(last=False)


def clear() -> None:
    with _lock:
        _pages.clear()
