"""Every message in the code and templates has a Vietnamese translation, with the same placeholders.

The messages are extracted from the sources here (not read from a possibly stale messages.pot), so a new
``_("...")`` without a Vietnamese entry fails this test until `make translations` is run and it is translated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def _source_messages() -> set[str]:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    found = set()
    # Babel skips folders starting with "_" by default; templates/_macros holds shared strings, so only
    # hidden folders (.venv, .git) are skipped here, as `make extract` does with --ignore-dirs.
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def _catalogue(lang: str):
    with open(ROOT / f"traceapp/translations/{lang}/LC_MESSAGES/messages.po", "rb") as po:
        return read_po(po)


@pytest.fixture(scope="module")
def vietnamese():
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in _catalogue("vi") if m.id}


def test_every_message_has_a_vietnamese_translation(vietnamese):
    missing = sorted(
        msgid
        for msgid in _source_messages()
        if msgid not in vietnamese
        or vietnamese[msgid].fuzzy
        or not all(
            vietnamese[msgid].string if isinstance(vietnamese[msgid].string, tuple) else [vietnamese[msgid].string]
        )
    )
    assert missing == [], "run `make translations` and translate these in traceapp/translations/vi"


def test_translations_keep_the_placeholders(vietnamese):
    wrong = []
    for msgid, message in vietnamese.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        wrong += [msgid for s in strings if s and sorted(PLACEHOLDER.findall(s)) != expected]
    assert wrong == []


def test_pages_are_vietnamese_by_default(client):
    page = client.get("/login").data.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page


def test_english_on_request(client):
    # One request each: the test app context (and so Flask-Babel's cached locale) spans the whole test.
    page = client.get("/login?lang=en").data.decode()
    assert "Log in" in page and 'lang="en"' in page


def test_templates_translate_in_their_own_context_and_in_macros_imported_without_it(app):
    """traceapp/web/template_i18n.py: the catalogue put into a rendering's context, and the fallback a macro
    imported without context uses, both give the request's language, with new-style placeholders filled."""
    from flask import render_template_string
    from flask_babel import force_locale

    macro = app.jinja_env.from_string('{% macro label() %}{{ _("Products") }}{% endmacro %}')
    page = '{{ _("Products") }}|{{ ngettext("%(num)d product", "%(num)d products", 2) }}|{{ macro.label() }}'
    for locale, expected in (("vi", "Sản phẩm"), ("en", "Products")):
        with app.test_request_context("/"), force_locale(locale):
            own, plural, from_macro = render_template_string(page, macro=macro.module).split("|")
        assert own == expected == from_macro, locale
        assert plural.startswith("2 "), locale
