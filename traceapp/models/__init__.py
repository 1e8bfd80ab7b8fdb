"""Typed SQLAlchemy 2.x models, one module per aggregate."""

from traceapp.models.accounts import Agency, User
from traceapp.models.audit import AuditEntry
from traceapp.models.base import Base
from traceapp.models.business import Business
from traceapp.models.enums import (
    STAFF_ROLES,
    BatchStatus,
    BusinessKind,
    BusinessStatus,
    CertificationKind,
    CheckResult,
    InspectionField,
    InspectionKind,
    InspectionStatus,
    Measure,
    ProductCategory,
    ProductStatus,
    RecallScope,
    ReportKind,
    ReportStatus,
    Role,
    TeamRole,
    ViolationCategory,
    ViolationStatus,
)
from traceapp.models.inspection import (
    Inspection,
    InspectionAmendment,
    InspectionItem,
    InspectionMember,
    InspectionPhoto,
    Recall,
    Violation,
    ViolationStep,
    violation_item,
)
from traceapp.models.product import Batch, Certification, Product
from traceapp.models.report import ConsumerReport
from traceapp.models.scan import ScanDay

__all__ = [
    "STAFF_ROLES",
    "Agency",
    "AuditEntry",
    "Base",
    "Batch",
    "BatchStatus",
    "Business",
    "BusinessKind",
    "BusinessStatus",
    "Certification",
    "CertificationKind",
    "CheckResult",
    "ConsumerReport",
    "Inspection",
    "InspectionAmendment",
    "InspectionField",
    "InspectionItem",
    "InspectionKind",
    "InspectionMember",
    "InspectionPhoto",
    "InspectionStatus",
    "Measure",
    "Product",
    "ProductCategory",
    "ProductStatus",
    "Recall",
    "RecallScope",
    "ReportKind",
    "ReportStatus",
    "Role",
    "ScanDay",
    "TeamRole",
    "User",
    "Violation",
    "ViolationCategory",
    "ViolationStatus",
    "ViolationStep",
    "violation_item",
]
