"""Enumerations shared by models, forms and reports: stored as short strings, each with a translated label."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class LabelledEnum(StrEnum):
    """A StrEnum whose members are declared as ``NAME = "value", _l("Label")``; ``choices()`` feeds a form."""

    label: str

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class Role(LabelledEnum):
    BUSINESS = "business", _l("Business")
    INSPECTOR = "inspector", _l("Inspector")
    POLICE = "police", _l("Ward police")
    OFFICER = "officer", _l("Ward officer")
    ADMIN = "admin", _l("Administrator")


STAFF_ROLES = (Role.INSPECTOR, Role.POLICE, Role.OFFICER, Role.ADMIN)


class BusinessKind(LabelledEnum):
    COMPANY = "company", _l("Enterprise")
    HOUSEHOLD = "household", _l("Household business")
    COOPERATIVE = "cooperative", _l("Cooperative")
    FACILITY = "facility", _l("Production facility")


class BusinessStatus(LabelledEnum):
    PENDING = "pending", _l("Awaiting verification")
    VERIFIED = "verified", _l("Verified")
    REJECTED = "rejected", _l("Rejected")
    SUSPENDED = "suspended", _l("Suspended")


class ProductStatus(LabelledEnum):
    ACTIVE = "active", _l("On sale")
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    RECALLED = "recalled", _l("Recalled")


class BatchStatus(LabelledEnum):
    ACTIVE = "active", _l("In circulation")
    RECALLED = "recalled", _l("Recalled")


class CertificationKind(LabelledEnum):
    OCOP = "ocop", _l("OCOP")
    VIETGAP = "vietgap", _l("VietGAP")
    HACCP = "haccp", _l("HACCP")
    ISO22000 = "iso22000", _l("ISO 22000")
    ISO9001 = "iso9001", _l("ISO 9001")
    ORGANIC = "organic", _l("Organic")
    OTHER = "other", _l("Other certification")


class ProductCategory(LabelledEnum):
    FOOD = "food", _l("Processed food")
    SEAFOOD = "seafood", _l("Seafood and seafood products")
    AGRICULTURE = "agriculture", _l("Agricultural produce")
    BEVERAGE = "beverage", _l("Beverages")
    COSMETIC = "cosmetic", _l("Cosmetics")
    HOUSEHOLD = "household", _l("Household goods")
    CRAFT = "craft", _l("Handicrafts")
    OTHER = "other", _l("Other goods")

    @property
    def is_food(self) -> bool:
        return self in (ProductCategory.FOOD, ProductCategory.SEAFOOD, ProductCategory.AGRICULTURE,
                        ProductCategory.BEVERAGE)
