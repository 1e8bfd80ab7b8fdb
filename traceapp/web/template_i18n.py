"""Jinja's ``_()`` and ``ngettext()`` with the request's catalogue looked up once per rendering, not per call.

Flask-Babel's own callables resolve the context, the domain, the locale and the catalogue on every call; the
public scan page calls ``_()`` about 28 times, and that lookup was a sixth of its rendering time
(docs/benchmarks.md). A context processor puts the catalogue into each rendering's context; a macro imported
without context, or a template rendered outside a request, falls back to Flask-Babel's lookup.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context

KEY = "_babel_catalogue"


def _catalogue(context: Context):
    catalogue = context.get(KEY)
    return catalogue if catalogue is not None else get_translations()


@pass_context
def _gettext(context: Context, message: str) -> str:
    return _catalogue(context).ugettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return _catalogue(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context: Context, msgctxt: str, message: str) -> str:
    return _catalogue(context).upgettext(msgctxt, message)


@pass_context
def _npgettext(context: Context, msgctxt: str, singular: str, plural: str, n: int) -> str:
    return _catalogue(context).unpgettext(msgctxt, singular, plural, n)


def register(app: Flask) -> None:
    """After ``babel.init_app``: replaces the callables it installed, keeping Jinja's new-style formatting."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True
    )
    app.context_processor(lambda: {KEY: get_translations()})
