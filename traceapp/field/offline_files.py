"""The files the service worker keeps so the field home opens with no signal, each with a revision (a hash of its
bytes): a changed file changes ``/sw.js``, and the browser then installs the new worker and fetches the file again.

Helper files are found by pattern, so the camera scanner (``js/scanner.js``) and its WebAssembly decoder
(``vendor/barcode-detector/``) are kept as soon as they are in ``static/``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
# Paths under static/, as glob patterns; the worker's own Workbox files are loaded with importScripts and kept
# by the browser with the worker, so they are not listed.
PATTERNS = (
    "css/app.css",
    "js/app.js",
    "js/scanner.js",
    "js/scan-worker.js",
    "js/field/*.js",
    "vendor/dexie/*.js",
    "vendor/barcode-detector/**/*.js",
    "vendor/barcode-detector/**/*.mjs",
    "vendor/barcode-detector/**/*.wasm",
    "img/favicon.svg",
    "img/icons/*.png",
)
WORKER_SOURCE = "js/field/sw.js"


def _revision(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _scan() -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for pattern in PATTERNS:
        for path in sorted(STATIC.glob(pattern)):
            relative = path.relative_to(STATIC).as_posix()
            if path.is_file() and relative != WORKER_SOURCE:
                found[relative] = _revision(path)
    return tuple(sorted(found.items()))


@lru_cache(maxsize=1)
def _cached() -> tuple[tuple[str, str], ...]:
    return _scan()


def files(*, fresh: bool = False) -> tuple[tuple[str, str], ...]:
    """(path under static/, revision) of every file to keep; read once per process unless ``fresh`` (debug)."""
    return _scan() if fresh else _cached()


def worker_source() -> str:
    return (STATIC / WORKER_SOURCE).read_text(encoding="utf-8")
