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

    from traceapp import audit
    from traceapp.web import setup

    setup.register_url_converters(app)
    setup.register_request_guard(app)
    setup.init_extensions(app)
    audit.register()  # the audit trail listens to every session: a feature, wired here like the blueprints
    register_blueprints(app)
    setup.register_template_helpers(app)
    setup.register_error_handlers(app)
    setup.register_cli(app)
    setup.register_security(app)
    setup.trust_proxies(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Every feature's blueprint, wired here at the top so that no feature package imports another's views."""
    from traceapp.admin import bp as admin_bp
    from traceapp.api import bp as api_bp
    from traceapp.audit import bp as audit_bp
    from traceapp.auth import bp as auth_bp
    from traceapp.businesses import bp as businesses_bp
    from traceapp.consumer_reports import bp as consumer_reports_bp
    from traceapp.cooperation import bp as cooperation_bp
    from traceapp.extensions import csrf
    from traceapp.field import bp as field_bp
    from traceapp.inspections import bp as inspections_bp
    from traceapp.instruments import bp as instruments_bp
    from traceapp.labels import bp as labels_bp
    from traceapp.media import bp as media_bp
    from traceapp.products import bp as products_bp
    from traceapp.public import bp as public_bp
    from traceapp.reports import bp as reports_bp
    from traceapp.supply import bp as supply_bp

    for blueprint in (
        public_bp,
        auth_bp,
        businesses_bp,
        products_bp,
        labels_bp,
        inspections_bp,
        consumer_reports_bp,
        admin_bp,
        media_bp,
        audit_bp,
        supply_bp,
        cooperation_bp,
        reports_bp,
        instruments_bp,
        field_bp,
    ):
        app.register_blueprint(blueprint)
    # Token-authenticated and read-only: no cookie, so no CSRF to guard against (traceapp/api/guard.py).
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
