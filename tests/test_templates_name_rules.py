"""Templates name the rule, never a stored value: ``current_user.is_office``, ``BusinessStatus.PENDING``.

A template comparing ``role``, ``status``, ``result``, ``action`` or ``state`` with a quoted literal drifts silently
from the enums and from the views' access checks; these tests read the template sources (no app, no database) so
such a comparison cannot creep back. Jinja also fails silently on a misspelt name (``BusinessStatus.PENDNG`` or
``current_user.is_ofice`` is just false), so every enum member and user property the templates name must exist.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tests
from traceapp.models import Role, User
from traceapp.web import navigation
from traceapp.web.template_globals import TEMPLATE_ENUMS

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

_LITERAL = r"""(?:'[^']*'|"[^"]*")"""
_LITERALS = rf"(?:{_LITERAL}|[(\[]\s*{_LITERAL}(?:\s*,\s*{_LITERAL})*\s*,?\s*[)\]])"
_SUBJECT = r"(?<![\w.])(?:\w+\.)*(?:role|status|result|action|state)(?:\.value)?\b"
_OPERATOR = r"(?:==|!=|\bnot\s+in\b|\bin\b)"
STATE_LITERAL = re.compile(
    rf"{_SUBJECT}\s*{_OPERATOR}\s*{_LITERALS}"
    rf"|{_LITERAL}\s*(?:==|!=)\s*{_SUBJECT}"
    rf"|(?:selectattr|rejectattr)\(\s*['\"](?:\w+\.)*(?:role|status|result|action|state)['\"]\s*,\s*{_LITERAL}\s*,"
)
JINJA = re.compile(r"\{[{%](.*?)[%}]\}", re.DOTALL)

# Left as they are, with the reason; a fix removes its line here (the last test fails on a stale exemption).
EXEMPT = {
    # The audit action is plain text (create/update/delete) by design: it is hashed into each entry, and
    # `flask audit verify` must load a tampered row whatever its action says, which an enum column would refuse.
    # The web floor may not import the audit feature's constants; the audit package could offer them as globals.
    ("audit/history.html", "item.entry.action == 'update'"),
    ("audit/history.html", "item.entry.action == 'create'"),
}


def state_literals(source: str) -> list[str]:
    """Each comparison of a role, status, result, action or state with a quoted literal in Jinja tags."""
    return [match.group(0) for tag in JINJA.finditer(source) for match in STATE_LITERAL.finditer(tag.group(1))]


def _templates() -> list[tuple[str, str]]:
    return [
        (path.relative_to(TEMPLATES).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(TEMPLATES.rglob("*.html"))
    ]


@pytest.mark.parametrize(
    "snippet",
    [
        "{% if current_user.role == 'officer' %}",
        "{% if current_user.role in ('officer', 'admin') %}",
        '{% if user.role != "business" %}',
        "{% if invitation.status.value == 'confirmed' and x %}",
        "{{ 'a' if latest_check.result == 'fail' else 'b' }}",
        "{% if 'pending' == business.status %}",
        "{% if report.state not in ['draft'] %}",
        "{% set open = items|selectattr('status', 'equalto', 'open')|list %}",
    ],
)
def test_the_scanner_finds_a_quoted_state(snippet):
    assert state_literals(snippet) != []


@pytest.mark.parametrize(
    "snippet",
    [
        "{% if current_user.is_office %}",
        "{% if business.status == BusinessStatus.PENDING %}",
        "{% if business.status in (BusinessStatus.PENDING, BusinessStatus.REJECTED) %}",
        "{% if category == 'error' %}",
        "{% if args.filters.get('status') %}",
        "{{ list_filters(args, [('status', statuses, 'All statuses')]) }}",
        '<div role="alert" class="status">',
        "{% if statuses == 'x' or status_reason == 'y' %}",
    ],
)
def test_the_scanner_lets_rules_and_other_names_pass(snippet):
    assert state_literals(snippet) == []


def test_no_template_compares_a_state_with_a_quoted_literal():
    found = [
        f"{name}: {comparison}"
        for name, source in _templates()
        for comparison in state_literals(source)
        if (name, comparison) not in EXEMPT
    ]
    assert found == [], "name the rule: a User role-group property or an enum member (web/template_globals.py)"


def test_every_exemption_is_still_needed():
    found = {(name, comparison) for name, source in _templates() for comparison in state_literals(source)}
    assert EXEMPT - found == set()


def test_every_enum_member_a_template_names_exists():
    enums = {enum_class.__name__: enum_class for enum_class in TEMPLATE_ENUMS}
    member = re.compile(rf"\b({'|'.join(enums)})\.(\w+)")
    missing = [
        f"{name}: {match.group(0)}"
        for name, source in _templates()
        for match in member.finditer(source)
        if match.group(2) not in enums[match.group(1)].__members__
    ]
    assert missing == []


def test_every_user_property_a_template_names_exists():
    attribute = re.compile(r"\bcurrent_user\.(\w+)|\buser\.(is_\w+)")
    missing = [
        f"{name}: {match.group(0)}"
        for name, source in _templates()
        for match in attribute.finditer(source)
        if not hasattr(User, match.group(1) or match.group(2))
    ]
    assert missing == []


# --- the role groups ---------------------------------------------------------------------------------------

GROUPS = {
    "is_business": {Role.BUSINESS},
    "is_field_staff": {Role.INSPECTOR, Role.POLICE},
    "is_office": {Role.OFFICER, Role.ADMIN},
    "is_officer": {Role.OFFICER},
}

# The pages each property shows a button to: the property must let through exactly the roles the page does.
GUARDED_PAGES = {
    "is_business": ["products.create"],
    "is_field_staff": ["inspections.create"],
    "is_office": ["audit.history", "reports.index", "reports.plan_show"],
    "is_officer": [
        "businesses.decide_status",
        "cooperation.edit_event",
        "inspections.recall_product",
        "inspections.recall_batch",
        "reports.plan_new",
        "reports.plan_edit",
        "reports.plan_lock",
    ],
}


def _holds(prop: str, role: Role) -> bool:
    return getattr(User(role=role), prop)


@pytest.mark.parametrize("prop", sorted(GROUPS))
def test_a_role_group_holds_for_its_roles_only(prop):
    assert {role for role in Role if _holds(prop, role)} == GROUPS[prop]


def test_the_role_groups_match_the_main_menu():
    assert GROUPS["is_field_staff"] == navigation.FIELD
    assert GROUPS["is_office"] == navigation.OFFICE


def _access_matrix() -> dict[str, dict[str, int]]:
    rows: dict[str, dict[str, int]] = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if module.name.startswith("test_access"):
            for endpoint, _method, _url, _data, statuses in importlib.import_module(f"tests.{module.name}").MATRIX:
                rows.setdefault(endpoint, statuses)
    return rows


@pytest.mark.parametrize(("prop", "endpoint"), [(p, e) for p, pages in GUARDED_PAGES.items() for e in pages])
def test_a_role_group_lets_through_the_roles_its_page_does(prop, endpoint):
    statuses = _access_matrix()[endpoint]
    allowed = {Role(role) for role, status in statuses.items() if role in Role.__members__.values() and status != 403}
    assert {role for role in Role if _holds(prop, role)} == allowed
