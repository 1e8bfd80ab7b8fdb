"""traceapp: QR traceability and inspection register of the ward of Đức Phổ."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from traceapp.config import Defaults, environment_overrides, sqlite_url


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then ``instance/config.py``, then ``TRACEAPP_*`` variables, then ``test_config``."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
    )
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(environment_overrides())
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = sqlite_url(app.instance_path)
    app.config.setdefault("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads"))
    app.config.setdefault("QR_CACHE_FOLDER", os.path.join(app.instance_path, "qr-cache"))

    from traceapp.web import setup

    setup.init_extensions(app)
    setup.register_blueprints(app)
    setup.register_template_helpers(app)
    setup.register_error_handlers(app)
    setup.register_cli(app)
    setup.register_security(app)
    setup.trust_proxies(app)
    return app
