"""Response headers every page gets, cookie settings that follow HTTPS, and a loud warning when production runs
on the development key."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

from traceapp.config import Defaults

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # Everything is served from this site: no CDN, no third-party scripts.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
}
# Sent only behind HTTPS (SESSION_COOKIE_SECURE): browsers then refuse plain HTTP to this site for a year.
HSTS = "max-age=31536000"


# Files anybody may fetch and any cache may keep, whoever is logged in: the app's own assets and product photos
# (they show on the public scan page).
SHARED_ENDPOINTS = frozenset({"static", "media.product_image"})


def cache_policy(response: Response) -> Response:
    """What a logged-in user is shown is theirs alone: a staff page, an export or a private photo must never be
    kept by a shared cache (a proxy, the ward's Wi-Fi box) nor, for pages and exports, left on a shared phone.
    A view that marks its file ``private`` (evidence photos) keeps a private browser cache, but never ``public``."""
    if request.endpoint in SHARED_ENDPOINTS:
        return response
    control = response.cache_control
    if control.private:
        control.public = False
        return response
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.headers.add("Vary", "Cookie")
    return response


def register(app: Flask) -> None:
    https = bool(app.config.get("SESSION_COOKIE_SECURE"))
    # The remember-me cookie is Secure whenever the session cookie is (it can be made Secure on its own too).
    app.config["REMEMBER_COOKIE_SECURE"] = bool(app.config.get("REMEMBER_COOKIE_SECURE")) or https

    @app.after_request
    def add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if https:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return cache_policy(response)

    if app.config["SECRET_KEY"] == Defaults.SECRET_KEY and not (app.debug or app.testing):
        app.logger.warning("SECRET_KEY is the development default: set TRACEAPP_SECRET_KEY in production.")
