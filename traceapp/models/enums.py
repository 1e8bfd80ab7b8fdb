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
# Inspectors and ward police work in the field; the officer and the administrator work in the office.
FIELD_ROLES = (Role.INSPECTOR, Role.POLICE)
OFFICE_ROLES = (Role.OFFICER, Role.ADMIN)


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
        return self in (
            ProductCategory.FOOD,
            ProductCategory.SEAFOOD,
            ProductCategory.AGRICULTURE,
            ProductCategory.BEVERAGE,
        )


# --- inspections (plan task 5) -----------------------------------------------------------------------


class InspectionKind(LabelledEnum):
    PERIODIC = "periodic", _l("Periodic (định kỳ)")
    UNANNOUNCED = "unannounced", _l("Unannounced (đột xuất)")
    INTERAGENCY = "interagency", _l("Inter-agency (liên ngành)")
    COMPLAINT = "complaint", _l("Following a report (theo phản ánh)")


class InspectionField(LabelledEnum):
    METROLOGY = "metrology", _l("Metrology (đo lường)")
    QUALITY = "quality", _l("Quality (chất lượng)")
    LABELLING = "labelling", _l("Goods labels (nhãn hàng hóa)")
    PREPACKAGED = "prepackaged", _l("Prepackaged goods (hàng đóng gói sẵn)")


class TeamRole(LabelledEnum):
    LEADER = "leader", _l("Team leader (trưởng đoàn)")
    OFFICER = "officer", _l("Officer (cán bộ)")
    POLICE = "police", _l("Police (công an)")
    MARKET_CONTROL = "market_control", _l("Market control (QLTT)")
    OTHER = "other", _l("Other")


class InspectionStatus(LabelledEnum):
    DRAFT = "draft", _l("In progress")
    SUBMITTED = "submitted", _l("Submitted")


class CheckResult(LabelledEnum):
    PASS = "pass", _l("Pass (đạt)")
    FAIL = "fail", _l("Fail (không đạt)")
    NOT_APPLICABLE = "na", _l("Not applicable")

    @property
    def is_failure(self) -> bool:
        """For templates, which cannot name the members: a failed check is shown in red."""
        return self is CheckResult.FAIL


class ViolationCategory(LabelledEnum):
    LABELS = "labels", _l("Goods labels")
    MEASUREMENT = "measurement", _l("Measurement / short weight")
    PREPACKAGED_QUANTITY = "prepackaged_quantity", _l("Prepackaged goods short of their stated quantity")
    QUALITY = "quality", _l("Quality not conforming to the standard")
    EXPIRED = "expired", _l("Expired goods")
    COUNTERFEIT = "counterfeit", _l("Counterfeit goods")
    UNKNOWN_ORIGIN = "unknown_origin", _l("Goods of unknown origin")
    NO_CONFORMITY = "no_conformity", _l("No conformity declaration")
    OTHER = "other", _l("Other")


class Measure(LabelledEnum):
    REMINDER = "reminder", _l("Reminder (nhắc nhở)")
    WARNING = "warning", _l("Warning (cảnh cáo)")
    FINE = "fine", _l("Fine (phạt tiền)")
    CONFISCATION = "confiscation", _l("Confiscation (tịch thu)")
    DESTRUCTION = "destruction", _l("Destruction (tiêu hủy)")
    REFERRAL = "referral", _l("Referral to the competent authority")


class ViolationStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    REMEDIED = "remedied", _l("Remedied")
    REFERRED = "referred", _l("Referred")
    CLOSED = "closed", _l("Closed")


class ViolationStepAction(LabelledEnum):
    """What a step of a violation's handling did; the label is the step's name in its history."""

    RECORDED = "recorded", _l("Recorded")
    REMEDY_REPORTED = "remedy_reported", _l("Remedy reported by the business")
    REMEDY_CONFIRMED = "remedy_confirmed", _l("Remedy confirmed")
    REMEDY_REJECTED = "remedy_rejected", _l("Remedy not accepted")
    REMEDIED = "remedied", _l("Marked as remedied")
    REFERRED = "referred", _l("Referred to the competent authority")
    CLOSED = "closed", _l("Closed")


class ReportKind(LabelledEnum):
    COUNTERFEIT = "counterfeit", _l("Counterfeit goods (hàng giả)")
    POOR_QUALITY = "poor_quality", _l("Poor quality (kém chất lượng)")
    EXPIRED = "expired", _l("Expired (hết hạn)")
    WRONG_LABEL = "wrong_label", _l("Wrong label (sai nhãn)")
    SHORT_WEIGHT = "short_weight", _l("Short weight or measure (cân đo thiếu)")
    OTHER = "other", _l("Other (khác)")


class ReportStatus(LabelledEnum):
    NEW = "new", _l("Received")
    TRIAGED = "triaged", _l("Being handled")
    INSPECTING = "inspecting", _l("Under inspection")
    RESOLVED = "resolved", _l("Resolved")
    REJECTED = "rejected", _l("Rejected")


class RecallScope(LabelledEnum):
    PRODUCT = "product", _l("Product")
    BATCH = "batch", _l("Batch")


# --- supply chain and cooperation (plan task 6) ------------------------------------------------------


class LinkStatus(LabelledEnum):
    """A link recorded by one party; the other party (when registered) confirms or disputes it."""

    PENDING = "pending", _l("Awaiting confirmation")
    CONFIRMED = "confirmed", _l("Confirmed")
    DISPUTED = "disputed", _l("Disputed")


class EventKind(LabelledEnum):
    DIALOGUE = "dialogue", _l("Dialogue (đối thoại)")
    FORUM = "forum", _l("Forum (diễn đàn)")
    CONFERENCE = "conference", _l("Conference (hội nghị)")
    TRAINING = "training", _l("Training (tập huấn)")


class EventTopic(LabelledEnum):
    QUALITY_STANDARDS = "quality_standards", _l("Quality standards")
    CONSUMER_PROTECTION = "consumer_protection", _l("Consumer protection")
    TRACEABILITY = "traceability", _l("Traceability technology")
    LABELS = "labels", _l("Goods labels")
    METROLOGY = "metrology", _l("Metrology")


class InvitationStatus(LabelledEnum):
    INVITED = "invited", _l("Invited")
    CONFIRMED = "confirmed", _l("Will attend")
    DECLINED = "declined", _l("Will not attend")


class CommitmentStatus(LabelledEnum):
    OPEN = "open", _l("To follow up")
    DONE = "done", _l("Done")
    DROPPED = "dropped", _l("Dropped")


class TechnologyKind(LabelledEnum):
    """What a business applies; QR traceability is counted from its products, not declared."""

    GS1_BARCODE = "gs1_barcode", _l("GS1 barcodes")
    E_INVOICE = "e_invoice", _l("E-invoices")
    IOT = "iot", _l("Sensors / IoT")
    SOFTWARE = "software", _l("Management software")
    ISO9001 = "iso9001", _l("ISO 9001")
    ISO22000 = "iso22000", _l("ISO 22000")
    HACCP = "haccp", _l("HACCP")
    VIETGAP = "vietgap", _l("VietGAP")
    OCOP = "ocop", _l("OCOP")
    OTHER = "other", _l("Other technology")

    @property
    def is_certified_system(self) -> bool:
        return self in (
            TechnologyKind.ISO9001,
            TechnologyKind.ISO22000,
            TechnologyKind.HACCP,
            TechnologyKind.VIETGAP,
            TechnologyKind.OCOP,
        )


# --- the plan report (section III of the plan) -------------------------------------------------------


class Department(LabelledEnum):
    """The departments the plan names; each reports its progress to the ward for the period."""

    CULTURE_SOCIETY = "vhxh", _l("Culture and Society Office")
    ECONOMY = "kthtdt", _l("Economy, Infrastructure and Urban Office")
    POLICE = "congan", _l("Ward Police")
    FATHERLAND_FRONT = "ubmttq", _l("Standing Board of the Fatherland Front Committee")
    PUBLIC_SERVICE = "ttdvc", _l("Public Service Centre")


class PeriodKind(LabelledEnum):
    MONTH = "month", _l("Month")
    QUARTER = "quarter", _l("Quarter")
    HALF = "half", _l("Six months")
    YEAR = "year", _l("Reporting year")
    CUSTOM = "custom", _l("Custom period")


class ReportState(LabelledEnum):
    """Draft → locked (the figures kept as they are) → sent (the date and document number recorded)."""

    DRAFT = "draft", _l("Being prepared")
    LOCKED = "locked", _l("Locked, not sent yet")
    SENT = "sent", _l("Sent")


class InstrumentKind(LabelledEnum):
    """Measuring instruments used in trade that a ward meets (group-2 instruments; periods in metrology.rules)."""

    SPRING_DIAL_SCALE = "spring_dial_scale", _l("Spring dial scale (cân đồng hồ lò xo)")
    COUNTER_SCALE = "counter_scale", _l("Counter scale (cân đĩa)")
    PLATFORM_SCALE = "platform_scale", _l("Platform scale (cân bàn)")
    ELECTRONIC_SCALE = "electronic_scale", _l("Electronic scale (cân điện tử)")
    HANGING_SCALE = "hanging_scale", _l("Hanging scale (cân treo)")
    FUEL_DISPENSER = "fuel_dispenser", _l("Fuel dispenser (cột đo xăng dầu)")
    WATER_METER = "water_meter", _l("Cold water meter (đồng hồ nước lạnh)")
    ELECTRICITY_METER = "electricity_meter", _l("Electricity meter (công tơ điện)")
    TAXIMETER = "taximeter", _l("Taximeter (taximet)")
    OTHER = "other", _l("Other measuring instrument")


class AccuracyClass(LabelledEnum):
    """Accuracy classes of non-automatic weighing instruments (OIML R 76, TCVN/ĐLVN as adopted in Vietnam)."""

    SPECIAL = "I", _l("Class I (special)")
    HIGH = "II", _l("Class II (high)")
    MEDIUM = "III", _l("Class III (medium)")
    ORDINARY = "IIII", _l("Class IIII (ordinary)")
