"""Signatures taken on the screen for a printed record (biên bản): the inspection's, or one violation's.

A row is one signer's answer for one record: a drawn signature (a re-encoded PNG) or a refusal to sign with its
reason and a witness. Rows are never deleted: changing a signed record voids its signatures (``voided_at``, who,
why), and the record is signed again on new rows. ``slot`` names the signature block a standing row fills and is
cleared when it is voided, so its unique key lets each block be filled once at a time, even by two phones at once.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from traceapp.clock import utcnow
from traceapp.models.accounts import User
from traceapp.models.base import Base
from traceapp.models.enums import LabelledEnum
from traceapp.models.inspection import Inspection, InspectionMember, Violation
from traceapp.models.types import StrEnumType


class SignerKind(LabelledEnum):
    PARTY = "party", _l("Representative of the inspected party")
    MEMBER = "member", _l("Member of the inspection team")


class SignatureOutcome(LabelledEnum):
    SIGNED = "signed", _l("Signed")
    REFUSED = "refused", _l("Refused to sign")


class RecordSignature(Base):
    __tablename__ = "record_signature"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    # Set for a violation record's signature; empty for the inspection record's.
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violation.id"), index=True)
    # "i12-party", "v7-m31": the block it fills while it stands; NULL once voided (NULLs never clash).
    slot: Mapped[str | None] = mapped_column(String(40), unique=True)
    signer_kind: Mapped[SignerKind] = mapped_column(StrEnumType(SignerKind))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_member.id"), index=True)
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_position: Mapped[str] = mapped_column(String(120), default="")
    outcome: Mapped[SignatureOutcome] = mapped_column(StrEnumType(SignatureOutcome))
    # The drawing as PNG, and its SHA-256 (the audit trail records the digest: it leaves bytes out).
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_sha256: Mapped[str] = mapped_column(String(64), default="")
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    witness_name: Mapped[str] = mapped_column(String(120), default="")
    witness_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    witness_image_sha256: Mapped[str] = mapped_column(String(64), default="")
    captured_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship()
    violation: Mapped[Violation | None] = relationship()
    member: Mapped[InspectionMember | None] = relationship()
    captured_by: Mapped[User] = relationship(foreign_keys=[captured_by_id])
    voided_by: Mapped[User | None] = relationship(foreign_keys=[voided_by_id])

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    @property
    def refused(self) -> bool:
        return self.outcome == SignatureOutcome.REFUSED
