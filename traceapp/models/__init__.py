"""Typed SQLAlchemy 2.x models, one module per aggregate."""

from traceapp.models.accounts import Agency, User
from traceapp.models.base import Base
from traceapp.models.business import Business
from traceapp.models.enums import (
    STAFF_ROLES,
    BatchStatus,
    BusinessKind,
    BusinessStatus,
    CertificationKind,
    ProductCategory,
    ProductStatus,
    Role,
)
from traceapp.models.product import Batch, Certification, Product
from traceapp.models.scan import ScanDay

__all__ = [
    "STAFF_ROLES",
    "Agency",
    "Base",
    "Batch",
    "BatchStatus",
    "Business",
    "BusinessKind",
    "BusinessStatus",
    "Certification",
    "CertificationKind",
    "Product",
    "ProductCategory",
    "ProductStatus",
    "Role",
    "ScanDay",
    "User",
]
