"""The installable app: the web app manifest and the service worker, both at the site's root so the worker's
scope is the whole site (a worker served under /static/ could only control /static/)."""

from __future__ import annotations

import json

from flask import Response, current_app, jsonify, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from traceapp.field import bp, offline_files

THEME_COLOUR = "#0d4f3c"  # the top bar's green (static/css/app.css)
ICON_SIZES = (192, 512)
# Files served by a route rather than from static/ (with a header of their own), and the static file each serves.
ROUTES_KEPT = (("public.scan_decoder", "js/scan-worker.js"),)


@bp.route("/manifest.webmanifest")
def manifest():
    ward = current_app.config["WARD_NAME"]
    body = {
        "name": _("Field work %(ward)s", ward=ward),
        "short_name": _("Field work"),
        "description": _("Inspections on the phone, with or without a signal."),
        "lang": "vi",
        "start_url": url_for("field.home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f5f6f7",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename=f"img/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for size in ICON_SIZES
            for purpose in ("any", "maskable")
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/sw.js")
def service_worker():
    """The worker's script with the list of files to keep; ``no-cache`` so the browser checks it each visit."""
    static = url_for("static", filename="")
    files = offline_files.files(fresh=current_app.debug)
    precache = [{"url": static + path, "revision": revision} for path, revision in files]
    precache += _routes_kept(dict(files))
    settings = {"precache": precache, "static": static, "shell": url_for("field.home")}
    body = f"self.TRACEAPP_FIELD = {json.dumps(settings)};\n" + offline_files.worker_source()
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


def _routes_kept(revisions: dict[str, str]) -> list[dict[str, str]]:
    """The camera scanner's decoding worker is served by a route; kept when the scanner is installed."""
    kept = []
    for endpoint, path in ROUTES_KEPT:
        try:
            url = url_for(endpoint)
        except BuildError:
            continue
        if path in revisions:
            kept.append({"url": url, "revision": revisions[path]})
    return kept
