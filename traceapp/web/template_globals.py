"""The state enums templates compare with, as globals: ``{% if business.status == BusinessStatus.PENDING %}``.

Why: a template spelling a stored value (``'pending'``, ``'recalled'``) drifts silently when the enum changes;
a member name that no longer exists fails loudly. Roles are not here: ``User`` names the role groups
(``current_user.is_office``), and tests/test_templates_name_rules.py keeps quoted states out of the templates.
"""

from __future__ import annotations

from flask import Flask

from traceapp.models.enums import BatchStatus, BusinessStatus, InvitationStatus, LinkStatus, ProductStatus

TEMPLATE_ENUMS = (BusinessStatus, ProductStatus, BatchStatus, InvitationStatus, LinkStatus)


def register(app: Flask) -> None:
    for enum_class in TEMPLATE_ENUMS:
        app.add_template_global(enum_class, enum_class.__name__)
