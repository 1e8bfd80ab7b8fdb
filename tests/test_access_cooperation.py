"""Authorisation matrix of cooperation events and technology records: officers run events and verify technology
(admins read events and download their files), a business answers its own invitations and keeps its own
technology list; everyone else gets 403, anonymous visitors the login page, another business 404."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from tests.access import ADMIN, INSPECTOR, OFFICER, OTHER_BIZ, OWNER, POLICE, cases, check, only
from tests.factories import make_business, make_event, make_technology, make_user
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import EventAttachment, EventCommitment, EventInvitation, Role, TechnologyKind

READERS = (OFFICER, ADMIN)

# endpoint, method, url template, form data (values may name the world's ids too), expected statuses
MATRIX = [
    ("cooperation.events", "GET", "/events?when=past&kind=dialogue", None, only(READERS, 200)),
    ("cooperation.edit_event", "GET", "/events/{event_id}/edit", None, only((OFFICER,), 200)),
    ("cooperation.event", "GET", "/events/{event_id}?find=1&sector=mắm", None, only(READERS, 200)),
    (
        "cooperation.invite",
        "POST",
        "/events/{event_id}/invite",
        {"sector": "mắm", "scope": "all"},
        only((OFFICER,), 302),
    ),
    (
        "cooperation.uninvite",
        "POST",
        "/events/{event_id}/invitations/{other_invitation_id}/delete",
        {},
        only((OFFICER,), 302),
    ),
    (
        "cooperation.check_in",
        "POST",
        "/events/{event_id}/check-in",
        {"business_id": "{business_id}"},
        only((OFFICER,), 302),
    ),
    (
        "cooperation.new_commitment",
        "POST",
        "/events/{event_id}/commitments",
        {"text": "Cam kết dán tem"},
        only((OFFICER,), 302),
    ),
    (
        "cooperation.follow_up",
        "POST",
        "/events/{event_id}/commitments/{commitment_id}",
        {"c{commitment_id}-status": "done", "c{commitment_id}-follow_up": "Đã dán tem"},
        only((OFFICER,), 302),
    ),
    ("cooperation.new_attachment", "POST", "/events/{event_id}/attachments", {}, only((OFFICER,), 400)),
    ("cooperation.attachment", "GET", "/events/{event_id}/attachments/{attachment_id}", None, only(READERS, 200)),
    (
        "cooperation.delete_attachment",
        "POST",
        "/events/{event_id}/attachments/{attachment_id}/delete",
        {},
        only((OFFICER,), 302),
    ),
    ("cooperation.print_list", "GET", "/events/{event_id}/print", None, only(READERS, 200)),
    (
        "cooperation.reply_invitation",
        "POST",
        "/invitations/{invitation_id}/accept",
        {"attendees": "1"},
        only((OWNER,), 302, other_business=404),
    ),
    ("cooperation.technology", "GET", "/business/technology/{use_id}", None, only((OWNER,), 200, other_business=404)),
    (
        "cooperation.delete_technology",
        "POST",
        "/business/technology/{use_id}/delete",
        {},
        only((OWNER,), 302, other_business=404),
    ),
    ("cooperation.review_queue", "GET", "/technology/review", None, only((OFFICER,), 200)),
    ("cooperation.review", "POST", "/technology/{use_id}/verify", {}, only((OFFICER,), 302)),
]


@pytest.fixture
def world(app):
    business = make_business(name="Cơ sở Nước mắm Đức Phổ", sector="nước mắm")
    event = make_event(held_on=local_today() + timedelta(days=10))
    other_business = make_business(name="Cơ sở được mời khác")
    invitation = EventInvitation(event_id=event.id, business_id=business.id)
    other = EventInvitation(event_id=event.id, business_id=other_business.id)
    commitment = EventCommitment(event_id=event.id, text="Dán tem QR")
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "events")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "ab" * 12 + ".pdf"), "wb") as out:
        out.write(b"%PDF-1.4\n%%EOF\n")
    attachment = EventAttachment(
        event_id=event.id,
        file_name="ab" * 12 + ".pdf",
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=15,
        created_at=event.created_at,
        created_by_id=event.created_by_id,
    )
    db.session.add_all([invitation, other, commitment, attachment])
    db.session.commit()
    use = make_technology(business=business, kind=TechnologyKind.E_INVOICE, detail="VNPT")
    users = {
        OWNER: make_user(role=Role.BUSINESS, business=business),
        OTHER_BIZ: make_user(role=Role.BUSINESS, business=make_business(name="Cơ sở khác")),
        INSPECTOR: make_user(role=Role.INSPECTOR),
        POLICE: make_user(role=Role.POLICE),
        OFFICER: make_user(role=Role.OFFICER),
        ADMIN: make_user(role=Role.ADMIN),
    }
    return users, {
        "event_id": event.id,
        "invitation_id": invitation.id,
        "other_invitation_id": other.id,
        "commitment_id": commitment.id,
        "attachment_id": attachment.id,
        "use_id": use.id,
        "business_id": business.id,
    }


def _with_ids(matrix, ids: dict) -> list:
    """The matrix with the world's ids put into the form data too (form fields named after a record)."""
    return [
        (
            endpoint,
            method,
            url,
            None if data is None else {key.format(**ids): str(value).format(**ids) for key, value in data.items()},
            statuses,
        )
        for endpoint, method, url, data, statuses in matrix
    ]


CASES, IDS = cases(MATRIX)


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=IDS)
def test_endpoint_role_status(client, login_as, world, endpoint, role):
    check(_with_ids(MATRIX, world[1]), client, login_as, world, endpoint, role)
