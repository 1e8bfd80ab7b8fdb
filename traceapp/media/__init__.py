"""Serving uploaded images. Product images are public (they show on the scan page)."""

import os
import re

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("media", __name__)

_NAME = re.compile(r"^[0-9a-f]{24}\.jpg$")


@bp.route("/media/products/<name>")
def product_image(name: str):
    if not _NAME.match(name):
        abort(404)
    response = send_from_directory(
        os.path.join(current_app.config["UPLOAD_FOLDER"], "products"), name, max_age=86400 * 30
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
